"""Example data: a believable search for a first look and a large one for benchmarks."""
