/* libalmen — analysis of Danish social housing (almene boliger) for municipalities,
 * housing organisations and researchers. The one header to include. */
#ifndef ALMEN_ALMEN_H
#define ALMEN_ALMEN_H

#include "version.h"
#include "error.h"
#include "table.h"
#include "case.h"
#include "report.h"
#include "agreements.h"
#include "classify.h"
#include "mix.h"
#include "finance.h"
#include "renovation.h"
#include "microdata.h"
#include "privacy.h"
#include "simulate.h"

#endif
