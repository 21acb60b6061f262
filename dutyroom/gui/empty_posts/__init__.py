"""空岗 on screen: the night's presence-check prompt (在岗确认) and the leader's alert."""
