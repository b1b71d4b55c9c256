"""The demo site: original content written for Dossiers, and its loader."""
