"""来电登记 (telephone log): the façade is service.CallService; see docs/ARCHITECTURE.md."""
