"""排班 (duty roster): the façade is service.RosterService."""
