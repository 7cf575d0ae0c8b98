// The Elicitation module. See README "Architecture".
