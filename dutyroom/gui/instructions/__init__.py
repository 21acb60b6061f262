"""领导批示 on screen: the dialog that gives or corrects an instruction (used by the call log, the incidents
and the main window's 收到批示), the ledger page, and the small dialogs that pass one on or close it."""
