// The Experiments module. See README "Architecture".
