"""The widget kit every area of the GUI shares: prompts, the record editor, table models and tabs,
saving documents, button bars and the list-plus-detail splitter. Nothing here knows an area."""
