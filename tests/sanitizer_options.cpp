// Linked into every test executable, and into the CLI in sanitizer builds
// (SCRATCHNET_SANITIZE). Libraries we draw with leak on purpose-built caches: Graphviz 2.42
// in the parser of HTML-like labels, and the fonts pango and cairo load stay in
// fontconfig's caches for the life of the process. Those leaks, and only those, are
// suppressed; full stacks are needed to tell them apart. Unused in a normal build.
extern "C" const char* __asan_default_options() {
  return "fast_unwind_on_malloc=0";
}

// LeakSanitizer would otherwise print a table of the suppressions it used on stderr at exit,
// which a test of a command's one-line error (or of its silence) would read as output.
extern "C" const char* __lsan_default_options() {
  return "print_suppressions=0";
}

extern "C" const char* __lsan_default_suppressions() {
  return "leak:htmlparse\n"
         "leak:libgvplugin_pango.so\n"
         "leak:libpangoft2-1.0.so\n"
         "leak:libfontconfig.so\n";
}
