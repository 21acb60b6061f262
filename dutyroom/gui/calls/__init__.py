"""来电 page and its dialogs: the telephone log, the entry form, caller history, follow-ups."""
