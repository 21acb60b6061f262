"""Video roll-call (视频点名): plans, the live roll-call, results, 整改, statistics, import and export."""
