"""The official lists in ../shared/data/geo (never copied into the project)."""

from pathlib import Path

import pytest

from learning.config import PROJECT_ROOT

GEO = PROJECT_ROOT.parent / "shared" / "data" / "geo"
NGHE_AN = GEO / "nghe_an_communes_2025.csv"
NATIONAL = GEO / "vn_communes_2025_official_codes_with_bando_population.csv"
PROVINCES = GEO / "vn_provinces_2025_official_codes.csv"

needs_shared = pytest.mark.skipif(not NATIONAL.exists(), reason="../shared/data/geo is absent")

HEADER = ("province_code,province_name,ward_code,ward_name,ward_full_name,ward_type,ward_name_en,"
          "code_name,population_bando,area_km2_bando,admin_center_bando,lon,lat,merged_from_bando")


def write_csv(folder: Path, *rows: str, header: str = HEADER, name: str = "communes.csv") -> Path:
    path = folder / name
    path.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")
    return path


def row(code: str = "17611", name: str = "Vân Tụ", kind: str = "Xã", population: str = "43922",
        province: str = "40", province_name: str = "Tỉnh Nghệ An", lon: str = "105.428",
        lat: str = "18.925") -> str:
    return (f"{province},{province_name},{code},{name},{kind} {name},{kind},{name} Commune,"
            f"x,{population},48.73,UBND,{lon},{lat},\"Xã A, Xã B\"")


__all__ = ["Path"]
