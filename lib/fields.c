#include <string.h>

#include "fields.h"

const field_def FIELDS[FIELD_COUNT] = {
    [F_RESIDENTS] = {"residents", KIND_COUNT, -1, "residents on 1 January"},
    [F_HOUSEHOLDS] = {"households", KIND_COUNT, -1, "households on 1 January"},
    [F_VACANCIES] = {"vacancies", KIND_COUNT, -1, "dwellings vacant (unlet) on 1 January"},
    [F_MOVE_OUTS] = {"move_outs", KIND_COUNT, -1, "move-outs (fraflytninger) during the year"},
    [F_LETTINGS] = {"lettings", KIND_COUNT, -1, "lettings (udlejninger) during the year"},
    [F_EVICTIONS] = {"evictions", KIND_COUNT, -1, "evictions (udsaettelser) during the year"},
    [F_RESIDENTS_18_64] = {"residents_18_64", KIND_COUNT, -1, "residents aged 18-64"},
    [F_OUTSIDE_LABOUR] = {"outside_labour_fte", KIND_FTE, F_RESIDENTS_18_64,
                          "residents 18-64 outside the labour market and education, "
                          "in full-time equivalents"},
    [F_RESIDENTS_18PLUS] = {"residents_18plus", KIND_COUNT, -1, "residents aged 18 or over"},
    [F_CONVICTED] = {"convicted", KIND_COUNT, F_RESIDENTS_18PLUS,
                     "residents 18+ convicted under the criminal code, the weapons act or the "
                     "euphoriant substances act"},
    [F_RESIDENTS_30_59] = {"residents_30_59", KIND_COUNT, -1, "residents aged 30-59"},
    [F_BASIC_EDUCATION] = {"basic_education", KIND_COUNT, F_RESIDENTS_30_59,
                           "residents 30-59 with only basic schooling (grundskole)"},
    [F_TAXPAYERS_15_64] = {"taxpayers_15_64", KIND_COUNT, -1,
                           "taxpayers aged 15-64, students excluded"},
    [F_INCOME_SUM] = {"income_sum", KIND_AMOUNT, -1,
                      "summed gross income of those taxpayers, kr per year"},
    [F_NONWESTERN] = {"nonwestern", KIND_COUNT, F_RESIDENTS,
                      "immigrants and descendants from non-western countries"},
};

const share_def SHARES[SHARE_COUNT] = {
    {"outside_labour_pct", F_OUTSIDE_LABOUR, F_RESIDENTS_18_64, 100.0,
     "per cent of residents 18-64 outside the labour market and education"},
    {"convicted_pct", F_CONVICTED, F_RESIDENTS_18PLUS, 100.0,
     "per cent of residents 18+ convicted"},
    {"basic_education_pct", F_BASIC_EDUCATION, F_RESIDENTS_30_59, 100.0,
     "per cent of residents 30-59 with only basic schooling"},
    {"nonwestern_pct", F_NONWESTERN, F_RESIDENTS, 100.0,
     "per cent of residents who are non-western immigrants or descendants"},
    {"average_income", F_INCOME_SUM, F_TAXPAYERS_15_64, 1.0,
     "average gross income of taxpayers 15-64 excluding students, kr per year"},
};

int field_index(const char *name)
{
    if (!name) return -1;
    for (int i = 0; i < FIELD_COUNT; i++)
        if (strcmp(FIELDS[i].name, name) == 0) return i;
    return -1;
}
