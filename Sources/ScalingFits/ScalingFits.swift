// The ScalingFits module. See README "Architecture".
