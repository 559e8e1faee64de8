/* Renovation scenarios: loan schedules, the fund's payment support, who pays, rents and
 * their legal flags at the exact thresholds, affordability, the §168a count, and errors.
 * Every expected value is worked out by hand in the comments (or by a second method). */
#include "testutil.h"

/* Area a: 1-1 (100 family, 10,000 m², 1,000 kr/m²), 1-2 (50 family + 50 youth, 6,200 m²,
 * 900 kr/m²), 1-3 (10 youth, 400 m², 900 kr/m²: 40 m² each, 900*40/12 = 3,000 kr a month).
 * Area b: 1-4 (20 family, no rent). 11 lines: a scenarios section starts on line 12. */
#define CASE_TEXT                                                                            \
    "municipality: {code: 630, name: Testby, region: Syddanmark}\n"                           \
    "areas: [{id: a, name: Area A}, {id: b, name: Area B}]\n"                                 \
    "organisations: [{id: \"1\", name: Org}]\n"                                               \
    "departments:\n"                                                                          \
    "  - {organisation: \"1\", number: 1, name: D1, area: a, dwellings: {family: 100},\n"     \
    "     floor_area: 10000, rent: 1000}\n"                                                   \
    "  - {organisation: \"1\", number: 2, name: D2, area: a, dwellings: {family: 50, youth: "  \
    "50},\n"                                                                                  \
    "     floor_area: 6200, rent: 900}\n"                                                     \
    "  - {organisation: \"1\", number: 3, name: D3, area: a, dwellings: {youth: 10},\n"       \
    "     floor_area: 400, rent: 900}\n"                                                      \
    "  - {organisation: \"1\", number: 4, name: D4, area: b, dwellings: {family: 20}, "       \
    "floor_area: 1600}\n"

static almen_case *with_scenarios(const char *scenarios)
{
    size_t n = strlen(CASE_TEXT) + strlen(scenarios) + 1;
    char *text = malloc(n);
    snprintf(text, n, "%s%s", CASE_TEXT, scenarios);
    almen_case *c = load_ok(text);
    free(text);
    return c;
}

static size_t col_of(const almen_table *t, const char *name)
{
    size_t col;
    if (almen_table_column_index(t, name, &col)) fail_msg("no column %s", name);
    return col;
}

/* The row whose column key holds text (and, when year_col is given, year). */
static size_t row_of(const almen_table *t, const char *key, const char *text, const char *year_col,
                     int year)
{
    size_t k = col_of(t, key), y = year_col ? col_of(t, year_col) : 0;
    for (size_t r = 0; r < almen_table_nrows(t); r++) {
        const char *s = almen_table_get_string(t, k, r);
        if (s && !strcmp(s, text) && (!year_col || almen_table_get_int(t, y, r) == year)) return r;
    }
    fail_msg("no row %s=%s %d", key, text, year);
    return 0;
}

static double at(const almen_table *t, size_t row, const char *name)
{
    return almen_table_get_double(t, col_of(t, name), row);
}

static int32_t flag(const almen_table *t, size_t row, const char *name)
{
    return almen_table_get_int(t, col_of(t, name), row);
}

/* A value of the comparison table: metric row, scenario column. */
static double metric(const almen_table *t, const char *name, const char *scenario)
{
    return at(t, row_of(t, "metric", name, NULL, 0), scenario);
}

static void no_works_changes_nothing(void **state)
{
    (void)state;
    almen_case *c = with_scenarios("scenarios:\n"
                                   "  - {id: none, departments: [\"1-1\", \"1-3\"], base_year: 2026}\n");
    almen_table *t;
    assert_int_equal(almen_renovation_rents(c, "none", &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 2);
    size_t r = row_of(t, "department", "1-1", NULL, 0);
    assert_true(at(t, r, "rent_m2_after") == 1000);
    assert_true(at(t, r, "rent_m2_before") == 1000);
    assert_true(at(t, r, "increase_pct") == 0);
    /* 1000 kr * 10000 m² / 100 dwellings / 12 months */
    assert_close(at(t, r, "rent_month_before"), 1000.0 * 100 / 12);
    assert_int_equal(flag(t, r, "ballot_may_be_demanded"), 0);
    assert_int_equal(flag(t, r, "municipal_approval_needed"), 0);
    assert_int_equal(flag(t, r, "dwellings_after"), 100);
    almen_table_free(t);
    assert_int_equal(almen_renovation_loans(c, NULL, &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 0);
    almen_table_free(t);
    assert_int_equal(almen_renovation_cashflows(c, NULL, &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 1); /* only the base year */
    assert_true(at(t, 0, "total") == 0 && at(t, 0, "residents") == 0);
    almen_table_free(t);
    assert_int_equal(almen_renovation_affordability(c, NULL, &t), ALMEN_OK);
    for (size_t i = 0; i < almen_table_nrows(t); i++) {
        assert_true(at(t, i, "scenario_before") == at(t, i, "scenario_after"));
        assert_true(at(t, i, "case_before") == at(t, i, "case_after"));
    }
    almen_table_free(t);
    assert_int_equal(almen_renovation_compare(c, NULL, &t), ALMEN_OK);
    assert_true(metric(t, "project_cost", "none") == 0);
    assert_true(isnan(metric(t, "first_payment_year", "none")));
    assert_true(metric(t, "npv_residents", "none") == 0);
    assert_true(metric(t, "rent_increase_pct", "none") == 0);
    /* area a: 150 family of 210 dwellings, in 2026 as in 2030 */
    assert_close(metric(t, "family_share_base_pct", "none"), 100.0 * 150 / 210);
    assert_close(metric(t, "family_share_target_pct", "none"), 100.0 * 150 / 210);
    assert_true(metric(t, "family_share_within_limit", "none") == 0);
    almen_table_free(t);
    almen_case_free(c);
}

static const char *LOAN_SCENARIO =
    "scenarios:\n"
    "  - id: loan\n"
    "    departments: [\"1-1\"]\n"
    "    base_year: 2026\n"
    "    works: [{name: Facades, amount: 5000000, year: 2026}]\n"
    "    financing:\n"
    "      supported_loan: {rate: 0.03, term: 30, payments_per_year: 4}\n";

static void loan_schedule_sums_to_principal(void **state)
{
    (void)state;
    almen_case *c = with_scenarios(LOAN_SCENARIO);
    almen_table *t;
    assert_int_equal(almen_renovation_loans(c, "loan", &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 120);
    double p;
    assert_int_equal(almen_finance_pmt(0.0075, 120, 5e6, 0, 0, &p), ALMEN_OK);
    double sum = 0, interest = 0;
    for (size_t r = 0; r < 120; r++) {
        sum += at(t, r, "principal");
        interest += at(t, r, "interest");
        assert_close(at(t, r, "payment"), -p);
        /* second method: the principal part is ppmt of the same annuity */
        double pp;
        assert_int_equal(almen_finance_ppmt(0.0075, (double)r + 1, 120, 5e6, 0, 0, &pp), ALMEN_OK);
        if (fabs(at(t, r, "principal") + pp) > 1e-6) fail_msg("period %zu: %g vs %g", r, at(t, r, "principal"), -pp);
    }
    assert_close(sum, 5e6);
    assert_close(interest, -p * 120 - 5e6);
    assert_true(at(t, 119, "balance") == 0);
    /* period 1: 0.75 % of 5,000,000; payments start in 2027, the year after the works */
    assert_close(at(t, 0, "interest"), 37500);
    assert_int_equal(almen_table_get_int(t, col_of(t, "year"), 0), 2027);
    assert_int_equal(almen_table_get_int(t, col_of(t, "year"), 119), 2056);
    almen_table_free(t);
    /* The cash flows run to the loan's last year, with 4 payments a year. */
    assert_int_equal(almen_renovation_cashflows(c, "loan", &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 2056 - 2026 + 1);
    size_t y = row_of(t, "scenario", "loan", "year", 2027);
    assert_close(at(t, y, "supported_payment"), -4 * p);
    /* residents: 3.4 % of 5,000,000 = 170,000 in the first year */
    assert_close(at(t, y, "residents_payment"), 170000);
    assert_close(at(t, y, "fund_support"), -4 * p - 170000);
    /* indexed: 170,000 * (1 + 0.02 * 0.75)^1 in 2028 */
    assert_close(at(t, y + 1, "residents_payment"), 170000 * 1.015);
    almen_table_free(t);
    assert_int_equal(almen_renovation_financing(c, "loan", &t), ALMEN_OK);
    assert_close(at(t, row_of(t, "source", "supported_loan", NULL, 0), "amount"), 5e6);
    almen_table_free(t);
    almen_case_free(c);
}

/* Residents' payment above, at and below the loan payment. Rate 0 over 20 years: the loan
 * costs 5,000,000 / 20 = 250,000 a year; no indexation. 5 % of the cost is 250,000. */
static void support_never_negative(void **state)
{
    (void)state;
    almen_case *c = with_scenarios(
        "scenarios:\n"
        "  - id: more\n    departments: [\"1-1\"]\n    base_year: 2026\n"
        "    works: [{name: W, amount: 5000000, year: 2026}]\n"
        "    financing: {supported_loan: {rate: 0, term: 20, resident_payment_pct: 10, "
        "indexation: 0}}\n"
        "  - id: equal\n    departments: [\"1-1\"]\n    base_year: 2026\n"
        "    works: [{name: W, amount: 5000000, year: 2026}]\n"
        "    financing: {supported_loan: {rate: 0, term: 20, resident_payment_pct: 5, "
        "indexation: 0}}\n"
        "  - id: less\n    departments: [\"1-1\"]\n    base_year: 2026\n"
        "    works: [{name: W, amount: 5000000, year: 2026}]\n"
        "    financing: {supported_loan: {rate: 0, term: 20, resident_payment_pct: 4.9, "
        "indexation: 0}}\n");
    almen_table *t;
    assert_int_equal(almen_renovation_cashflows(c, NULL, &t), ALMEN_OK);
    size_t r = row_of(t, "scenario", "more", "year", 2030);
    assert_close(at(t, r, "supported_payment"), 250000);
    assert_close(at(t, r, "residents_payment"), 250000); /* capped at what the loan costs */
    assert_true(at(t, r, "fund_support") == 0);          /* zero, not -250,000 */
    r = row_of(t, "scenario", "equal", "year", 2030);
    assert_true(at(t, r, "fund_support") == 0);
    r = row_of(t, "scenario", "less", "year", 2030);
    assert_close(at(t, r, "residents_payment"), 245000);
    assert_close(at(t, r, "fund_support"), 5000);
    for (size_t i = 0; i < almen_table_nrows(t); i++) assert_true(at(t, i, "fund_support") >= 0);
    almen_table_free(t);
    /* The rent rises by the residents' part only: 250,000 / 10,000 m² = 25 kr/m². */
    assert_int_equal(almen_renovation_rents(c, "more", &t), ALMEN_OK);
    assert_close(at(t, 0, "rent_m2_after"), 1025);
    almen_table_free(t);
    almen_case_free(c);
}

/* 1-1 pays 10,000,000 kr rent a year. A supported loan at 10 % (its payment is far above
 * the residents' part) with the residents' payment pct % of cost P: the rent rises by
 * pct * P / 100 a year. 3 % of 50,000,000 = 1,500,000 = exactly 15 %; 1 % of it = 5 %. */
#define FLAG_SCENARIO(id, pct, cost)                                                           \
    "  - id: " id "\n    departments: [\"1-1\"]\n    base_year: 2026\n"                         \
    "    works: [{name: W, amount: " cost ", year: 2026}]\n"                                   \
    "    financing: {supported_loan: {rate: 0.1, resident_payment_pct: " pct "}}\n"

static void flags_at_thresholds(void **state)
{
    (void)state;
    almen_case *c = with_scenarios("scenarios:\n"
                                   FLAG_SCENARIO("below15", "3", "49999900")
                                   FLAG_SCENARIO("at15", "3", "50000000")
                                   FLAG_SCENARIO("above15", "3", "50000100")
                                   FLAG_SCENARIO("below5", "1", "49999900")
                                   FLAG_SCENARIO("at5", "1", "50000000")
                                   FLAG_SCENARIO("above5", "1", "50000100"));
    almen_table *t;
    assert_int_equal(almen_renovation_rents(c, NULL, &t), ALMEN_OK);
    struct {
        const char *id;
        double pct;
        int ballot, approval;
    } want[] = {{"below15", 14.99997, 0, 1}, {"at15", 15, 0, 1}, {"above15", 15.00003, 1, 1},
                {"below5", 4.99999, 0, 0},   {"at5", 5, 0, 0},   {"above5", 5.00001, 0, 1}};
    for (size_t i = 0; i < 6; i++) {
        size_t r = row_of(t, "scenario", want[i].id, NULL, 0);
        if (fabs(at(t, r, "increase_pct") - want[i].pct) > 1e-9)
            fail_msg("%s: increase %.12g", want[i].id, at(t, r, "increase_pct"));
        assert_int_equal(flag(t, r, "ballot_may_be_demanded"), want[i].ballot);
        assert_int_equal(flag(t, r, "municipal_approval_needed"), want[i].approval);
    }
    /* exactly 15 %: 1,000 + 1,500,000 / 10,000 = 1,150 kr/m² */
    assert_true(at(t, row_of(t, "scenario", "at15", NULL, 0), "rent_m2_after") == 1150);
    almen_table_free(t);
    assert_int_equal(almen_renovation_compare(c, NULL, &t), ALMEN_OK);
    assert_true(metric(t, "departments_ballot", "at15") == 0);
    assert_true(metric(t, "departments_ballot", "above15") == 1);
    assert_true(metric(t, "departments_approval", "at5") == 0);
    assert_true(metric(t, "departments_approval", "above5") == 1);
    almen_table_free(t);
    almen_case_free(c);
}

/* The §168a count of area a. Base: family 100 + 50 = 150 of 100 + 100 + 10 = 210.
 * Demolishing 60 family dwellings of 1-1 in 2027 leaves 90 family of 150 almene dwellings;
 * kept in the denominator: 90 / 210 = 42.86 %; commercial floor area C m² adds C/75.
 * 1,125 m² = 15 dwellings: 90 / 225 = exactly 40 % (within, "højst"); 1,124 m²: 90 /
 * 224.9867 = 40.0024 % (not within); 1,126 m²: 39.9976 % (within). */
#define SHARE_SCENARIO(id, m2, keep)                                                         \
    "  - id: " id "\n    departments: [\"1-1\"]\n    base_year: 2026\n"                       \
    "    changes:\n"                                                                         \
    "      - {type: demolish, department: \"1-1\", dwellings: 60, year: 2027}\n"             \
    "      - {type: commercial, floor_area: " m2 ", year: 2028}\n"                           \
    "    family_share: {area: a, keep_demolished: " keep "}\n"

static void family_share_count(void **state)
{
    (void)state;
    almen_case *c = with_scenarios("scenarios:\n"
                                   SHARE_SCENARIO("at40", "1125", "true")
                                   SHARE_SCENARIO("above40", "1124", "true")
                                   SHARE_SCENARIO("below40", "1126", "true")
                                   SHARE_SCENARIO("notkept", "1125", "false")
                                   "  - id: nocommercial\n    departments: [\"1-1\"]\n"
                                   "    base_year: 2026\n"
                                   "    changes: [{type: demolish, department: \"1-1\", "
                                   "dwellings: 60, year: 2027}]\n"
                                   "    family_share: {demolished_since_2010: 12}\n");
    almen_table *t;
    assert_int_equal(almen_renovation_family_share(c, NULL, &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 5 * 5); /* 2026..2030 each */
    size_t r = row_of(t, "scenario", "at40", "year", 2026);
    assert_close(at(t, r, "family_share_pct"), 100.0 * 150 / 210);
    r = row_of(t, "scenario", "at40", "year", 2028); /* demolished, no commercial yet */
    assert_true(at(t, r, "family_dwellings") == 90 && at(t, r, "almene_dwellings") == 150);
    assert_true(at(t, r, "demolished_kept") == 60 && at(t, r, "commercial_dwellings") == 0);
    assert_close(at(t, r, "family_share_pct"), 100.0 * 90 / 210);
    r = row_of(t, "scenario", "at40", "year", 2030);
    assert_true(at(t, r, "commercial_dwellings") == 15 && at(t, r, "denominator") == 225);
    assert_true(at(t, r, "family_share_pct") == 40);
    assert_int_equal(flag(t, r, "within_limit"), 1);
    assert_int_equal(flag(t, r, "target_year"), 1);
    r = row_of(t, "scenario", "above40", "year", 2030);
    assert_close(at(t, r, "family_share_pct"), 100.0 * 90 / (150 + 60 + 1124.0 / 75));
    assert_int_equal(flag(t, r, "within_limit"), 0);
    r = row_of(t, "scenario", "below40", "year", 2030);
    assert_int_equal(flag(t, r, "within_limit"), 1);
    /* Without the demolished dwellings: 90 / (150 + 15) = 54.5 %. */
    r = row_of(t, "scenario", "notkept", "year", 2030);
    assert_true(at(t, r, "demolished_kept") == 0);
    assert_close(at(t, r, "family_share_pct"), 100.0 * 90 / 165);
    assert_int_equal(flag(t, r, "within_limit"), 0);
    /* Without commercial area, 12 demolished before the scenario kept too (area inferred
     * from the department): 90 / (150 + 60 + 12) = 40.54 %. */
    r = row_of(t, "scenario", "nocommercial", "year", 2030);
    assert_true(at(t, r, "commercial_dwellings") == 0);
    assert_true(at(t, r, "demolished_kept") == 72);
    assert_close(at(t, r, "family_share_pct"), 100.0 * 90 / 222);
    assert_int_equal(flag(t, r, "within_limit"), 0);
    almen_table_free(t);
    almen_case_free(c);
}

/* Conversion, merging, sale and new private dwellings, and the floor area that goes with
 * them. 1-2: 50 family + 50 youth in 6,200 m², split 80:44 per dwelling: family
 * 6200*4000/6200 = 4,000 m² (80 m² each), youth 2,200 m² (44 m² each). */
static void physical_changes(void **state)
{
    (void)state;
    almen_case *c = with_scenarios(
        "scenarios:\n"
        "  - id: mix\n    departments: [\"1-2\"]\n    base_year: 2026\n"
        "    changes:\n"
        "      - {type: convert, department: \"1-2\", from: family, to: youth, dwellings: 10,\n"
        "         into: 20, year: 2026}\n"
        "      - {type: merge, department: \"1-2\", dwelling_type: youth, dwellings: 4, into: 2,\n"
        "         year: 2027}\n"
        "      - {type: sell, department: \"1-2\", dwellings: 5, year: 2027}\n"
        "      - {type: private_dwellings, dwellings: 30, year: 2028}\n");
    almen_table *t;
    assert_int_equal(almen_renovation_rent_path(c, "mix", &t), ALMEN_OK);
    /* 2027: 10 family (800 m²) became 20 youth: 40 family, 70 youth, still 6,200 m². */
    size_t r = row_of(t, "scenario", "mix", "year", 2027);
    assert_int_equal(flag(t, r, "dwellings"), 110);
    assert_close(at(t, r, "floor_area"), 6200);
    /* 2028: 4 youth merged into 2 (-2), 5 family sold (-5, -400 m²). */
    r = row_of(t, "scenario", "mix", "year", 2028);
    assert_int_equal(flag(t, r, "dwellings"), 103);
    assert_close(at(t, r, "floor_area"), 5800);
    /* no works: the rent per m² stays */
    assert_true(at(t, r, "rent_m2") == 900);
    almen_table_free(t);
    /* The count (area a inferred): 2029: family 100 + 35 = 135; almene 100 + 35 + 68 + 10
     * = 213; private 5 sold + 30 new = 35: 135 / 248. */
    assert_int_equal(almen_renovation_family_share(c, "mix", &t), ALMEN_OK);
    r = row_of(t, "scenario", "mix", "year", 2029);
    assert_true(at(t, r, "family_dwellings") == 135 && at(t, r, "almene_dwellings") == 213);
    assert_true(at(t, r, "private_dwellings") == 35);
    assert_close(at(t, r, "family_share_pct"), 100.0 * 135 / 248);
    almen_table_free(t);
    almen_case_free(c);
}

/* Own funds, fixed and remainder mortgage loans, a capital injection and a rent grant:
 * financing adds up to the cost, and the payers' flows add up to what is paid. */
static const char *FULL_SCENARIO =
    "scenarios:\n"
    "  - id: full\n"
    "    departments: [\"1-1\", \"1-2\"]\n"
    "    base_year: 2026\n"
    "    discount_rate: 0.04\n"
    "    works:\n"
    "      - {name: Roofs, per_m2: 1000, year: 2026}\n"
    "      - {name: Kitchens, amount: 2000000, department: \"1-2\", supported: false, year: 2027}\n"
    "    rehousing:\n"
    "      - {department: \"1-1\", year: 2026, dwellings: 20, months: 6, cost_per_dwelling: 10000}\n"
    "    financing:\n"
    "      supported_loan: {share: 0.9}\n"
    "      own_funds: {dispositionsfond: 1000000, traekningsret: 500000}\n"
    "      mortgage_loans:\n"
    "        - {name: Bank, amount: 500000, rate: 0.05, term: 10}\n"
    "        - {name: Rest, rate: 0.04, term: 20, payments_per_year: 2}\n"
    "      capital_injection: {amount: 1000000, from: 2028, years: 2}\n"
    "      rent_grants: [{department: \"1-1\", per_m2: 50, from: 2028, years: 1}]\n";

static void financing_and_payers(void **state)
{
    (void)state;
    almen_case *c = with_scenarios(FULL_SCENARIO);
    almen_table *t;
    /* Costs: roofs 1000 kr/m² * 16,200 m² = 16,200,000, split 10,000 : 6,200; the vacancy
     * loss 20 dwellings * 6 months * (1000 * 10000 / 100 / 12) = 1,000,000 and moving
     * 20 * 10,000 = 200,000 (supported); kitchens 2,000,000 unsupported. Supported
     * 17,400,000: loan 90 % = 15,660,000; the rest 1,740,000 + 2,000,000 = 3,740,000 from
     * the dispositionsfond 1,000,000, trækningsret 500,000, Bank 500,000, Rest 1,740,000. */
    assert_int_equal(almen_renovation_costs(c, "full", &t), ALMEN_OK);
    assert_close(at(t, row_of(t, "item", "Roofs", NULL, 0), "amount"), 16200000);
    assert_close(at(t, row_of(t, "item", "vacancy_loss", NULL, 0), "amount"), 1000000);
    assert_close(at(t, row_of(t, "item", "rehousing", NULL, 0), "amount"), 200000);
    almen_table_free(t);
    assert_int_equal(almen_renovation_financing(c, "full", &t), ALMEN_OK);
    assert_close(at(t, row_of(t, "source", "supported_loan", NULL, 0), "amount"), 15660000);
    assert_close(at(t, row_of(t, "source", "dispositionsfond", NULL, 0), "amount"), 1000000);
    assert_close(at(t, row_of(t, "source", "traekningsret", NULL, 0), "amount"), 500000);
    assert_close(at(t, row_of(t, "name", "Bank", NULL, 0), "amount"), 500000);
    assert_close(at(t, row_of(t, "name", "Rest", NULL, 0), "amount"), 1740000);
    double sum = 0;
    for (size_t i = 0; i < almen_table_nrows(t); i++) sum += at(t, i, "amount");
    assert_close(sum, 19400000);
    almen_table_free(t);

    /* Every year the payers together pay the loans, the own funds and the injection (the
     * rent grant moves money from the fund to the residents, it adds nothing). */
    assert_int_equal(almen_renovation_cashflows(c, "full", &t), ALMEN_OK);
    double residents[64] = {0};
    size_t ny = almen_table_nrows(t);
    assert_true(ny < 64);
    for (size_t i = 0; i < ny; i++) {
        double paid = at(t, i, "supported_payment") + at(t, i, "mortgage_payment") +
                      at(t, i, "own_funds") + at(t, i, "capital_injection");
        if (fabs(at(t, i, "total") - paid) > 1e-6 * fmax(1, paid)) fail_msg("row %zu", i);
        residents[i] = at(t, i, "residents");
    }
    /* The own funds (1,500,000) leave in the works years in proportion to the costs:
     * 2026: 17,400,000 of 19,400,000. */
    assert_close(at(t, 0, "own_funds"), 1500000.0 * 17400000 / 19400000);
    /* 2028: the injection of 1,000,000: a fifth each for municipality, fund, organisation
     * and lender; the residents' fifth is a rent increase. The grant 50 * 10,000 m² is
     * the fund's. */
    size_t r = row_of(t, "scenario", "full", "year", 2028);
    assert_close(at(t, r, "municipality"), 200000);
    assert_close(at(t, r, "lender"), 200000);
    assert_close(at(t, r, "rent_grants"), 500000);
    assert_close(at(t, r, "fund"), at(t, r, "fund_support") + 200000 + 500000);
    assert_close(at(t, r, "organisation"), 200000);
    assert_close(at(t, r, "residents"), at(t, r, "residents_payment") + at(t, r, "mortgage_payment") +
                                            200000 - 500000);
    almen_table_free(t);

    /* The npv of the residents is npv(4 %, their yearly flows) from the base year. */
    double want;
    assert_int_equal(almen_finance_npv(0.04, residents, ny, &want), ALMEN_OK);
    assert_int_equal(almen_renovation_npv(c, "full", &t), ALMEN_OK);
    assert_close(at(t, row_of(t, "payer", "residents", NULL, 0), "npv"), want);
    almen_table_free(t);

    /* Rents in 2029 (the injection still runs, the grant has ended): 1-2's extra cost is
     * its share of the residents' payment (6,200,000 of 17,400,000 supported), of the
     * mortgage payments (its 620,000 + 2,000,000 of 3,740,000) and of the injection's
     * residents' fifth by floor area (6,200 of 16,200). */
    assert_int_equal(almen_renovation_cashflows(c, "full", &t), ALMEN_OK);
    r = row_of(t, "scenario", "full", "year", 2029);
    double extra = at(t, r, "residents_payment") * 6200000 / 17400000 +
                   at(t, r, "mortgage_payment") * 2620000 / 3740000 + 200000.0 * 6200 / 16200;
    almen_table_free(t);
    assert_int_equal(almen_renovation_rent_path(c, "full", &t), ALMEN_OK);
    r = row_of(t, "department", "1-2", "year", 2029);
    assert_close(at(t, r, "extra_cost"), extra);
    assert_close(at(t, r, "rent_m2"), 900 + extra / 6200);
    almen_table_free(t);
    almen_case_free(c);
}

/* 1-3: 10 youth dwellings of 40 m² at 900 kr/m²: exactly 3,000 kr a month, inside the
 * 3,000 band ("at or below"). Works of 12,000 kr a year for the residents lift it to
 * 900 + 12000/400 = 930 kr/m² = 3,100 kr a month: out of the 3,000 band, inside 4,000. */
static void affordability_bands(void **state)
{
    (void)state;
    almen_case *c = with_scenarios(
        "scenarios:\n"
        "  - id: cheap\n    departments: [\"1-3\"]\n    base_year: 2026\n"
        "    works: [{name: W, amount: 400000, year: 2026}]\n"
        "    financing: {supported_loan: {resident_payment_pct: 3}}\n");
    almen_table *t;
    assert_int_equal(almen_renovation_rents(c, "cheap", &t), ALMEN_OK);
    assert_true(at(t, 0, "rent_month_before") == 3000);
    assert_close(at(t, 0, "rent_month_after"), 3100);
    almen_table_free(t);
    assert_int_equal(almen_renovation_affordability(c, "cheap", &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 2);
    assert_true(at(t, 0, "band") == 3000 && at(t, 1, "band") == 4000);
    assert_true(at(t, 0, "scenario_before") == 10 && at(t, 0, "scenario_after") == 0);
    assert_true(at(t, 1, "scenario_before") == 10 && at(t, 1, "scenario_after") == 10);
    /* Case-wide: 1-2's youth dwellings, 44 m² at 900 kr = 3,300 kr, are under 4,000 only;
     * 1-1 (8,333 kr), 1-2's family (6,000 kr) under neither; 1-4 has no rent. */
    assert_true(at(t, 0, "case_before") == 10 && at(t, 0, "case_after") == 0);
    assert_true(at(t, 1, "case_before") == 60 && at(t, 1, "case_after") == 60);
    almen_table_free(t);
    almen_case_free(c);
}

static void scenarios_table_and_roundtrip(void **state)
{
    (void)state;
    almen_case *c = with_scenarios(FULL_SCENARIO);
    almen_table *t;
    assert_int_equal(almen_case_scenarios(c, &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 1);
    assert_string_equal(almen_table_get_string(t, col_of(t, "departments"), 0), "1-1, 1-2");
    assert_int_equal(flag(t, 0, "after_year"), 2028);
    assert_int_equal(flag(t, 0, "first_payment_year"), 2028);
    assert_int_equal(flag(t, 0, "horizon"), 2057); /* the supported loan: 2028..2057 */
    assert_string_equal(almen_table_get_string(t, col_of(t, "area"), 0), "a");
    almen_table_free(t);
    /* Saved and loaded back, and copied: the same canonical text and results. */
    char *y1 = yaml_of(c);
    almen_case *back = load_ok(y1), *copy;
    char *y2 = yaml_of(back);
    assert_string_equal(y1, y2);
    assert_int_equal(almen_case_copy(c, &copy), ALMEN_OK);
    char *y3 = yaml_of(copy);
    assert_string_equal(y1, y3);
    almen_table *a, *b;
    assert_int_equal(almen_renovation_compare(c, NULL, &a), ALMEN_OK);
    assert_int_equal(almen_renovation_compare(copy, NULL, &b), ALMEN_OK);
    char *ca, *cb;
    assert_int_equal(almen_table_to_csv(a, &ca), ALMEN_OK);
    assert_int_equal(almen_table_to_csv(b, &cb), ALMEN_OK);
    assert_string_equal(ca, cb);
    almen_free(ca);
    almen_free(cb);
    almen_table_free(a);
    almen_table_free(b);
    almen_free(y1);
    almen_free(y2);
    almen_free(y3);
    almen_case_free(back);
    almen_case_free(copy);
    assert_int_equal(almen_renovation_compare(c, "nope", &t), ALMEN_ENOTFOUND);
    almen_case_free(c);
}

typedef struct {
    const char *yaml; /* the scenarios section appended to the case, from its line 12 */
    int line, column;
    const char *field;
    const char *message;
} bad_scenario;

#define S0 "scenarios:\n  - id: s\n    departments: [\"1-1\"]\n    base_year: 2026\n"

/* Positions worked out from the text: S0 ends on line 15, so an appended line is line 16;
 * a flow mapping's position is its '{', a value's its first character. */
static const bad_scenario BAD[] = {
    {S0 "    works: [{name: W, cost: 1, year: 2026}]\n", 16, 23, "scenarios[0].works[0].cost",
     "unknown key"},
    {S0 "    works: [{name: W, amount: 1, per_m2: 2, year: 2026}]\n", 16, 13,
     "scenarios[0].works[0]", "either amount or per_m2"},
    {S0 "    works: [{name: W, amount: 1, year: 2025}]\n", 16, 40, "scenarios[0].works[0].year",
     "before the base year"},
    {S0 "    works: [{name: W, amount: 1, department: \"1-2\", year: 2026}]\n", 16, 46,
     "scenarios[0].works[0].department", "not one of the scenario's departments"},
    {S0 "    works: [{name: W, amount: 1, department: \"9-9\", year: 2026}]\n", 16, 46,
     "scenarios[0].works[0].department", "unknown department"},
    {S0 "    financing: {supported_loan: {term: 31}}\n", 16, 40,
     "scenarios[0].financing.supported_loan.term", "at most 30 years"},
    {S0 "    financing: {supported_loan: {term: 35, max_term: 35, rate: 1.5}}\n", 16, 64,
     "scenarios[0].financing.supported_loan.rate", "between 0 and 1"},
    {S0 "    changes: [{type: demolish, department: \"1-1\", dwellings: 101, year: 2026}]\n", 16,
     15, "scenarios[0].changes[0]", "only 100 family dwellings"},
    {S0 "    changes: [{type: merge, department: \"1-1\", dwellings: 4, year: 2026}]\n", 16, 15,
     "scenarios[0].changes[0].into", "required"},
    {S0 "    changes: [{type: demolish, department: \"1-1\", dwellings: 1, to: youth, year: 2026}]\n",
     16, 65, "scenarios[0].changes[0].to", "unknown key"},
    {S0 "    changes: [{type: rebuild, year: 2026}]\n", 16, 22, "scenarios[0].changes[0].type",
     "unknown value 'rebuild'"},
    /* no financing mapping: the scenario itself (line 13, "id" at column 5) */
    {S0 "    works: [{name: W, amount: 1000, supported: false, year: 2026}]\n", 13, 5,
     "scenarios[0].financing", "1000.00 kr of the project cost is not financed"},
    {S0 "    works: [{name: W, amount: 1000, supported: false, year: 2026}]\n"
        "    financing: {mortgage_loans: [{name: M, amount: 2000}]}\n",
     17, 52, "scenarios[0].financing.mortgage_loans[0].amount", "larger than what is left"},
    {S0 "    financing: {capital_injection: {amount: 1, from: 2026, years: 1, fund: 0.9}}\n", 16,
     36, "scenarios[0].financing.capital_injection", "exceed 1"},
    {S0 "    horizon: 2020\n", 16, 14, "scenarios[0].horizon", "before the base year"},
    {S0 "  - id: s\n    departments: [\"1-2\"]\n    base_year: 2026\n", 16, 9,
     "scenarios[1].id", "another scenario has this id"},
    {"scenarios:\n  - id: s\n    departments: [\"1-4\", \"1-4\"]\n    base_year: 2026\n", 14, 26,
     "scenarios[0].departments[1]", "listed twice"},
    {S0 "    rehousing: [{department: \"1-1\", year: 2026, dwellings: 101, months: 3}]\n", 16, 60,
     "scenarios[0].rehousing[0].dwellings", "more dwellings than the department has"},
    {"scenarios:\n  - id: s\n    departments: [\"1-4\"]\n    base_year: 2026\n"
     "    rehousing: [{department: \"1-4\", year: 2026, dwellings: 1, months: 3}]\n",
     16, 17, "scenarios[0].rehousing[0]", "no rent"},
    /* the second scenario's departments are in areas a and b: no area to count in */
    {S0 "    changes: [{type: private_dwellings, dwellings: 5, year: 2026}]\n"
        "    family_share: {area: b}\n"
        "  - id: t\n    departments: [\"1-1\", \"1-4\"]\n    base_year: 2026\n"
        "    changes: [{type: commercial, floor_area: 75, year: 2026}]\n",
     18, 5, "scenarios[1].family_share", "give family_share.area"},
    {S0 "    affordability: {bands: []}\n", 16, 28, "scenarios[0].affordability.bands",
     "at least one"},
    {S0 "    works: [{name: W, amount: 1, supported: yes, year: 2026}]\n", 16, 45,
     "scenarios[0].works[0].supported", "true or false"},
};

static void errors_with_positions(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        const bad_scenario *b = &BAD[i];
        size_t n = strlen(CASE_TEXT) + strlen(b->yaml) + 1;
        char *text = malloc(n);
        snprintf(text, n, "%s%s", CASE_TEXT, b->yaml);
        almen_case *c = NULL;
        int rc = almen_case_load_string(text, "s.yaml", &c);
        free(text);
        if (rc != ALMEN_EINPUT || c || almen_error_last_line() != b->line ||
            almen_error_last_column() != b->column || strcmp(almen_error_last_field(), b->field) ||
            !strstr(almen_error_last_message(), b->message))
            fail_msg("case %zu: got %d at %d:%d '%s': %s", i, rc, almen_error_last_line(),
                     almen_error_last_column(), almen_error_last_field(), almen_error_last_text());
        almen_case_free(c);
    }
}

static void standalone_load(void **state)
{
    (void)state;
    almen_case *c = with_scenarios(LOAN_SCENARIO);
    /* A failing load leaves the scenarios as they were; the position is in the new text. */
    int rc = almen_case_load_scenarios_string(
        c, "scenarios:\n  - {id: x, departments: [\"1-1\"], base_year: 2026, horizon: 1}\n", "x.yaml");
    assert_int_equal(rc, ALMEN_EINPUT);
    assert_string_equal(almen_error_last_source(), "x.yaml");
    assert_int_equal(almen_error_last_line(), 2);
    assert_string_equal(almen_error_last_field(), "scenarios[0].horizon");
    almen_table *t;
    assert_int_equal(almen_case_scenarios(c, &t), ALMEN_OK);
    assert_string_equal(almen_table_get_string(t, 0, 0), "loan");
    almen_table_free(t);
    assert_int_equal(almen_case_load_scenarios_string(c, "other: 1\n", NULL), ALMEN_EINPUT);
    /* A good one replaces them. */
    assert_int_equal(almen_case_load_scenarios_string(
                         c, "scenarios:\n  - {id: y, departments: [\"1-2\"], base_year: 2026}\n", NULL),
                     ALMEN_OK);
    assert_int_equal(almen_case_scenarios(c, &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 1);
    assert_string_equal(almen_table_get_string(t, 0, 0), "y");
    almen_table_free(t);
    assert_int_equal(almen_renovation_rents(c, "loan", &t), ALMEN_ENOTFOUND);
    assert_int_equal(almen_case_load_scenarios_file(c, "/nonexistent/s.yaml"), ALMEN_EIO);
    almen_case_free(c);
}

static void example_scenarios(void **state)
{
    (void)state;
    /* The embedded example carries scenarios; every table runs on it. */
    almen_case *c;
    assert_int_equal(almen_case_load_example(&c), ALMEN_OK);
    almen_table *t;
    assert_int_equal(almen_case_scenarios(c, &t), ALMEN_OK);
    assert_true(almen_table_nrows(t) >= 2);
    almen_table_free(t);
    almen_status (*fns[])(const almen_case *, const char *, almen_table **) = {
        almen_renovation_costs,       almen_renovation_financing, almen_renovation_loans,
        almen_renovation_cashflows,   almen_renovation_npv,       almen_renovation_rents,
        almen_renovation_rent_path,   almen_renovation_affordability,
        almen_renovation_family_share, almen_renovation_compare};
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        assert_int_equal(fns[i](c, NULL, &t), ALMEN_OK);
        assert_true(almen_table_nrows(t) > 0);
        almen_table_free(t);
    }
    almen_case_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_works_changes_nothing),
        cmocka_unit_test(loan_schedule_sums_to_principal),
        cmocka_unit_test(support_never_negative),
        cmocka_unit_test(flags_at_thresholds),
        cmocka_unit_test(family_share_count),
        cmocka_unit_test(physical_changes),
        cmocka_unit_test(financing_and_payers),
        cmocka_unit_test(affordability_bands),
        cmocka_unit_test(scenarios_table_and_roundtrip),
        cmocka_unit_test(errors_with_positions),
        cmocka_unit_test(standalone_load),
        cmocka_unit_test(example_scenarios),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
