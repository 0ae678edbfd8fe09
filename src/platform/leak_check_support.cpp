#include "platform/leak_check_support.hpp"

#if defined(__SANITIZE_ADDRESS__)  // g++ -fsanitize=address
#define INFUSIONDOC_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)  // clang
#define INFUSIONDOC_ASAN 1
#endif
#endif

#ifdef INFUSIONDOC_ASAN
#include <dlfcn.h>
#include <link.h>

#include <cstddef>
#include <string_view>
#endif

namespace infusion::platform {

void keep_gl_driver_loaded_for_leak_checks() {
#ifdef INFUSIONDOC_ASAN
    dl_iterate_phdr(
        [](dl_phdr_info* info, std::size_t, void*) {
            const std::string_view path = info->dlpi_name;
            for (const std::string_view driver : {"/dri/", "libGLX_mesa", "libgallium", "libLLVM"}) {
                if (path.find(driver) != std::string_view::npos) {
                    // NOLOAD: only adds the flag to a library already loaded. The handle is never
                    // closed, on purpose: that reference is what keeps it.
                    dlopen(info->dlpi_name, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
                    break;
                }
            }
            return 0;
        },
        nullptr);
#endif
}

}  // namespace infusion::platform
