#include <cstdio>
int main() { std::puts("peakend"); return 0; }
