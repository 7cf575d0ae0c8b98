// The EmergenceMetrics module. See README "Architecture".
