#include "db_fixture.h"

#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>

namespace aftercare::testing {
namespace fs = std::filesystem;

DbFixture::DbFixture() {
  std::random_device rd;
  root_ = fs::temp_directory_path() / ("aftercare_dbfix_" + std::to_string(getpid()) + "_" + std::to_string(rd()));
  fs::create_directories(root_);
  fs::copy_file(fs::path(AFTERCARE_SOURCE_DIR) / "ingredient_db" / "schema.sql", root_ / "schema.sql");
  Write("sources/cosing_inci_functions_2026.json",
        R"({"WATER":["SOLVENT"],"AQUA":["SOLVENT"],"GLYCERIN":["HUMECTANT"],"SODIUM HYALURONATE":["HUMECTANT"],)"
        R"("CETEARYL ALCOHOL":["EMULSIFYING"],"ALCOHOL DENAT.":["SOLVENT"],"ALCOHOL":["SOLVENT"],)"
        R"("BUTYL METHOXYDIBENZOYLMETHANE":["UV FILTER"],"TITANIUM DIOXIDE":["UV FILTER","COLORANT"],)"
        R"("LAVANDULA ANGUSTIFOLIA OIL":["FRAGRANCE"],"SIMMONDSIA CHINENSIS SEED OIL":["EMOLLIENT"],)"
        R"("CI 77891":["COLORANT"],"LINALOOL":["PERFUMING"],"RETINOL":["SKIN CONDITIONING"],)"
        R"("CERAMIDE NP":["SKIN CONDITIONING"],"SALICYLIC ACID":["MASKING"],"ASCORBIC ACID":["ANTIOXIDANT"],)"
        R"("BENZOYL PEROXIDE":["OXIDISING"],"PARFUM":["PERFUMING"]})");
  Write("sources/cosing_inci_cas_ec_function_2020.csv",
        "inci_name,cas_number,einecs_number,function\r\n"
        "WATER,7732-18-5,231-791-2,Solvent\r\n"
        "RETINOIC ACID,302-79-4,206-129-0,Skin Conditioning\r\n");
  Write("sources/annex.VI.csv",
        "reference_number,common_ingredients,maximum_concentration,product_type\n"
        "8,Butyl Methoxydibenzoylmethane,5%,\n"
        "27,TITANIUM DIOXIDE,25%,\n"
        "27a,TITANIUM DIOXIDE (NANO),25%,\n");
  Write("sources/annex.IV.csv",
        "reference_number,colour_index_number,maximum_concentration,product_type\n"
        "143,CI 77891,,\n");
  Write("sources/annex.III.csv", "reference_number,common_ingredients,maximum_concentration,product_type\n");
  Write("sources/eu_fragrance_allergens.json", R"({"source":"test","names":["LINALOOL","ISOEUGENYL ACETATE"]})");
  Write("data/sources.csv",
        "id,kind,citation,url,date\n"
        "src_a,research,Source A,,2026\n"
        "src_b,regulation,Source B,,2024\n"
        "eu_allergens_2026,dataset,EU allergens,,2026\n"
        "cosing_inventory_2026,dataset,CosIng,,2026\n"
        "cosing_cas_2020,dataset,CosIng 2020,,2020\n");
  Write("data/categories.csv",
        "id,parent,name,description\n"
        "astringent,,Astringents,\n"
        "benzoyl_peroxide,irritant,Benzoyl peroxide,\n"
        "ceramide,helpful,Ceramides,\n"
        "clay,,Clays,\n"
        "colorant,,Colourants,\n"
        "colorant_organic,colorant,Organic colourants,\n"
        "comedogenic_high,,Comedogenic 4-5,\n"
        "comedogenic_moderate,,Comedogenic 3,\n"
        "device_powered,,Powered devices,\n"
        "drying_alcohol,irritant,Drying alcohols,\n"
        "essential_oil,fragrance,Essential oils,\n"
        "exfoliant,,Exfoliants,\n"
        "fragrance,,Fragrance,\n"
        "fragrance_allergen,,EU fragrance allergens,\n"
        "helpful,,Helpful,\n"
        "humectant,helpful,Humectants,\n"
        "hyaluronic_acid,helpful,Hyaluronic acid,\n"
        "irritant,,Irritants,\n"
        "leave_on_cosmetic,,Leave-on cosmetics,\n"
        "makeup,,Makeup,\n"
        "makeup_base,,Makeup bases,\n"
        "makeup_mineral,makeup,Mineral makeup,\n"
        "mask_drying,,Drying masks,\n"
        "one_percent_marker,,1 % markers,\n"
        "retinoid,,Retinoids,\n"
        "uv_booster,,UV boosters,\n"
        "uv_filter,,UV filters,\n"
        "uv_filter_chemical,uv_filter,Chemical UV filters,\n"
        "uv_filter_mineral,uv_filter,Mineral UV filters,\n"
        "uva_filter,uv_filter,UVA filters,\n"
        "vitamin_c,,Vitamin C,\n"
        "wipe_friction,,Wipes,\n");
  Write("data/members/base.csv",
        "category,inci,source,note\n"
        "benzoyl_peroxide,Benzoyl Peroxide,src_a,\n"
        "ceramide,Ceramide NP,src_a,\n"
        "colorant,CI 77891,src_a,\n"
        "drying_alcohol,Alcohol Denat.,src_a,\n"
        "exfoliant,Salicylic Acid,src_a,\n"
        "fragrance,Parfum,src_a,\n"
        "hyaluronic_acid,Sodium Hyaluronate,src_a;src_b,\n"
        "retinoid,Retinol,src_a,\n"
        "uv_filter_chemical,Butyl Methoxydibenzoylmethane,src_b,\n"
        "uv_filter_mineral,Titanium Dioxide,src_b,\n"
        "vitamin_c,Ascorbic Acid,src_a,\n");
  Write("data/patterns/base.csv",
        "id,category,regex,source,note\n"
        "eo_lavandula,essential_oil,LAVANDULA [A-Z]+ OIL,src_a,\n");
  Write("data/exclusions/base.csv",
        "category,inci,source,reason\n"
        "drying_alcohol,Cetearyl Alcohol,src_a,fatty alcohol\n"
        "essential_oil,Simmondsia Chinensis Seed Oil,src_a,carrier oil\n");
  Write("data/synonyms/common.csv",
        "synonym,inci,kind,source,note\n"
        "Fragrance,Parfum,common,src_a,\n"
        "Glycérine,Glycerin,language,src_a,\n");
  Write("data/synonyms/us_drug.csv",
        "synonym,inci,kind,source,note\n"
        "Avobenzone,Butyl Methoxydibenzoylmethane,us_drug,src_b,\n");
  Write("data/synonyms/equivalent_inci.csv",
        "name,inci,source,note\n"
        "Aqua,Water,src_a,\n");
  Write("data/extra_ingredients/drugs.csv",
        "inci,functions,source,note\n"
        "Adapalene,DRUG,src_a,\n");
  Write("data/protocols.csv",
        "id,name,procedure,description,source,min_spf,min_spf_source\n"
        "microneedling,Microneedling,microneedling,Test protocol,src_a,25,src_a\n");
  Write("data/protocol_rules.csv",
        "protocol,row,category,avoid_until_day,caution_until_day,ok_from_day,recommended,rationale,source,extrapolated,"
        "leave_on_only,until_event\n"
        "microneedling,5,uv_filter_chemical,2,13,14,0,Chemical filters,src_a,0,0,\n"
        "microneedling,6,uv_filter_mineral,,0,1,1,Mineral filters,src_a,0,0,\n"
        "microneedling,19,fragrance,6,13,14,0,Fragrance,src_a,0,0,\n"
        "microneedling,30,hyaluronic_acid,,,0,1,HA,src_a,0,0,\n");
  Write("data/protocol_advice.csv",
        "protocol,topic,from_day,until_day,advice,source\n"
        "microneedling,sun,0,2,Stay out of the sun.,src_a\n");
}

DbFixture::~DbFixture() {
  std::error_code ec;
  fs::remove_all(root_, ec);
}

void DbFixture::Write(const std::string& rel, const std::string& content) {
  fs::path p = root_ / rel;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
}

void DbFixture::Append(const std::string& rel, const std::string& line) {
  std::ofstream(root_ / rel, std::ios::binary | std::ios::app) << line << "\n";
}

Result<db::BuildStats> DbFixture::Build() { return db::BuildDatabase({root_.string(), db_path()}); }

}  // namespace aftercare::testing
