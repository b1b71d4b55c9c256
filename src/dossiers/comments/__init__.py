"""Reader comments: submission, spam defences, moderation."""
