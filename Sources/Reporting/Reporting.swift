// The Reporting module. See README "Architecture".
