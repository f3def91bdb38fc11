#include "rfc3339.h"
