#pragma once
// Accurate LeakSanitizer reports for programs that open a window (sanitizer builds only).

namespace infusion::platform {

// Mesa's OpenGL driver (swrast_dri.so / llvmpipe under Xvfb) keeps allocations in its globals and is
// dlclose()d by glfwTerminate(). LeakSanitizer, which runs at exit, then reports that memory as
// leaked from "<unknown module>": no library name left to suppress it by. In a build with
// AddressSanitizer this marks the loaded driver libraries RTLD_NODELETE, so they stay until exit and
// nothing is reported; our own leaks still are. Call once the GL context exists. In other builds it
// does nothing.
void keep_gl_driver_loaded_for_leak_checks();

}  // namespace infusion::platform
