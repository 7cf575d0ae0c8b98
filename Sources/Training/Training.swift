// The Training module. See README "Architecture".
