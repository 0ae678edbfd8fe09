// A front-end file that breaks the layering, for the include check's own test.
#include "app/clinic.hpp"
#include "storage/database.hpp"
