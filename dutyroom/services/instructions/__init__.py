"""领导批示: one record for every leader's instruction, used by the call log, the incidents and the duty log."""
