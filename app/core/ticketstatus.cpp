#include "ticketstatus.h"
