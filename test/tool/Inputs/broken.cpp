int main() { return undeclared_thing; }
