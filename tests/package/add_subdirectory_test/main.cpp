// Package test consumer: compiles against constgrad's umbrella header and runs.
#include <constgrad/constgrad.hpp>

int main() { return 0; }
