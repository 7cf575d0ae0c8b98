// The InferenceCore module. See README "Architecture".
