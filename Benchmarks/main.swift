// emerge-bench: the benchmarks `make bench` runs in release mode.
print("emerge-bench: no benchmarks yet")
