"""The sync pipeline: fetch into the store, then process claimed records stream by stream."""
