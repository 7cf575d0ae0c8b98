// The TaskSuite module. See README "Architecture".
