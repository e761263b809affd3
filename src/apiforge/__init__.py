"""apiforge: start and grow async-ready Python API services."""
