// The residual join: out = a + b. Its backward passes the gradient to both
// inputs unchanged, which the model does by accumulating every branch's input
// gradient into one running residual-stream gradient.

func residualForward(out: UnsafeMutablePointer<Float>, a: UnsafePointer<Float>, b: UnsafePointer<Float>, count: Int) {
    for i in 0..<count { out[i] = a[i] + b[i] }
}
