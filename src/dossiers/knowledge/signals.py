"""The one signal of the knowledge context, sent after the change it announces has committed.

`knowledge_base_changed`: an entity, an alias or a hub's key set changed, so
articles linked with the old knowledge base may link differently now. The
derivation pipeline answers by queuing a re-link of those articles in the
background (a side effect, after commit: never a step of a save).
"""

from django.dispatch import Signal

knowledge_base_changed = Signal()  # reason: what changed, in words
