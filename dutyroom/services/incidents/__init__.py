"""突发事件信息报告 (emergency information reports): the façade is service.IncidentService; bulletins and digests in bulletins."""
