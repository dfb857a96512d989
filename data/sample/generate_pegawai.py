#!/usr/bin/env python3
"""Generate data/sample/pegawai.csv: a synthetic ASN roster of the fictional Kabupaten Sukamaju.

Deterministic (fixed seed), Python 3.11 standard library only. The output is written the way Excel
in an Indonesian locale saves "CSV UTF-8": semicolon-delimited, UTF-8 with a BOM, CRLF line ends.

Every person is invented. NIPs follow the 18-digit layout (birth date, TMT CPNS year-month, gender,
sequence; DOMAIN.md section 2) and are consistent with the pangkat/golongan and the age at TMT.
PPPK employees get PPPK-style NIPs (code 21 in place of the TMT month) and a PPPK golongan (V-XI).

Usage: python3 data/sample/generate_pegawai.py   (writes pegawai.csv next to this script)
"""

from __future__ import annotations

import csv
import datetime as dt
import pathlib
import random

SEED = 20250701
# The roster is a snapshot as of this date: every TMT is on or before it.
SNAPSHOT = dt.date(2025, 7, 1)

GOLONGAN = ["II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d",
            "IV/a", "IV/b", "IV/c", "IV/d"]
PANGKAT = ["Pengatur Muda", "Pengatur Muda Tingkat I", "Pengatur", "Pengatur Tingkat I",
           "Penata Muda", "Penata Muda Tingkat I", "Penata", "Penata Tingkat I",
           "Pembina", "Pembina Tingkat I", "Pembina Utama Muda", "Pembina Utama Madya"]
G = {g: i for i, g in enumerate(GOLONGAN)}

# Entry golongan and age range at TMT by education.
ENTRY = {"SMA": ("II/a", 19, 26), "D3": ("II/c", 21, 28), "S1": ("III/a", 22, 32),
         "S2": ("III/b", 25, 34), "DR": ("III/b", 25, 31)}

# Degrees by field: (prefix choices, suffix choices) for S1/D3; S2 suffixes appended on top.
GELAR = {
    "adm": ([""], ["S.Sos.", "S.E.", "S.H.", "S.IP.", "S.AP.", "S.M."]),
    "adm_d3": ([""], ["A.Md.", "A.Md.Ak."]),
    "it": ([""], ["S.Kom.", "S.T."]),
    "it_d3": ([""], ["A.Md.Kom.", "A.Md.T."]),
    "sdm": ([""], ["S.Psi.", "S.Sos.", "S.H.", "S.AP."]),
    "keu": ([""], ["S.E.", "S.Ak."]),
    "ren": ([""], ["S.T.", "S.E.", "S.P.", "S.PWK."]),
    "stat": ([""], ["S.Si.", "S.Stat."]),
    "sos": ([""], ["S.Sos.", "S.Tr.Sos."]),
    "pamong": ([""], ["S.STP.", "S.IP.", "S.Sos."]),
    "perawat": (["Ns."], ["S.Kep."]),
    "perawat_d3": ([""], ["A.Md.Kep."]),
    "bidan": ([""], ["S.Tr.Keb."]),
    "bidan_d3": ([""], ["A.Md.Keb."]),
    "dokter": (["dr."], [""]),
    "apoteker": (["apt."], ["S.Farm."]),
    "farmasi_d3": ([""], ["A.Md.Farm."]),
    "kesmas": ([""], ["S.K.M."]),
    "gizi": ([""], ["S.Gz."]),
    "gizi_d3": ([""], ["A.Md.Gz."]),
    "lab_d3": ([""], ["A.Md.A.K."]),
    "rad_d3": ([""], ["A.Md.Rad."]),
    "rm_d3": ([""], ["A.Md.RMIK."]),
    "guru": ([""], ["S.Pd.", "S.Pd.", "S.Pd.SD.", "S.Pd.I."]),
    "none": ([""], [""]),
}
S2 = {"adm": ["M.Si.", "M.M.", "M.AP."], "sdm": ["M.Si.", "M.M."], "keu": ["M.Ak.", "M.M."],
      "ren": ["M.T.", "M.Si.", "M.E."], "pamong": ["M.Si.", "M.AP."], "kesmas": ["M.K.M.", "M.Kes."],
      "dokter": ["M.Kes.", "M.M.R.S."], "guru": ["M.Pd."], "sos": ["M.Si."], "it": ["M.Kom."],
      "stat": ["M.Si."], "perawat": ["M.Kep."], "apoteker": ["M.Farm."]}

MALE = ["Asep", "Dedi", "Ujang", "Agus", "Budi", "Hendra", "Rudi", "Yusuf", "Iwan", "Dadang",
        "Cecep", "Ahmad", "Muhammad", "Rizki", "Fajar", "Irfan", "Wahyu", "Eko", "Bambang",
        "Taufik", "Hadi", "Rahmat", "Deden", "Dani", "Galih", "Rian", "Arif", "Yogi", "Andri",
        "Rizal", "Ilham", "Gilang", "Dimas", "Dadan", "Engkus", "Jajang", "Nandang", "Ridwan",
        "Sandi", "Tatang", "Usep", "Wawan", "Yayan", "Aditya", "Fikri", "Hilman", "Luthfi"]
FEMALE = ["Siti", "Neng", "Euis", "Yuyun", "Dewi", "Rina", "Lilis", "Nurul", "Ani", "Sri",
          "Tati", "Ika", "Fitri", "Rini", "Wulan", "Nia", "Intan", "Ayu", "Putri", "Eka",
          "Rosita", "Nining", "Iis", "Yanti", "Desi", "Mega", "Anisa", "Rahma", "Ratna", "Imas",
          "Cucu", "Dian", "Elis", "Heni", "Lina", "Nenden", "Rika", "Santi", "Tuti", "Vina",
          "Yeni", "Nur'aini", "Dwi", "Tri"]
SURNAME_M = ["Hidayat", "Permana", "Gunawan", "Saputra", "Kurniawan", "Setiawan", "Nugraha",
             "Sudrajat", "Suryana", "Ruhiyat", "Hermawan", "Supriatna", "Firmansyah", "Ramdani",
             "Hakim", "Mulyana", "Sopian", "Komarudin", "Sutisna", "Rohman", "Maulana",
             "Prasetyo", "Wibowo", "Santoso", "Fauzi", "Rusmana", "Sumarna", "Mulyadi"]
SURNAME_F = ["Rahayu", "Lestari", "Wulandari", "Kusumawati", "Nurhayati", "Maryani", "Sulastri",
             "Anggraeni", "Handayani", "Fauziah", "Susanti", "Jubaedah", "Rosmawati", "Permatasari",
             "Nurjanah", "Marlina", "Yuliani", "Komalasari", "Rahmawati", "Purnamasari",
             "Sumiati", "Kartika", "Oktaviani", "Hasanah", "Mulyani", "Suryani"]

# OPD: code, unit name for its head, and its positions:
# (jabatan, unit, education, gelar field, golongan lo, golongan hi, count, PPPK golongan or None)
# PPPK golongan by education: V = SMA, VII = D3 (Terampil), IX = S1 (Ahli Pertama).
COMMON = [
    ("Analis Keuangan Pusat dan Daerah Ahli Pertama", "Sekretariat", "S1", "keu", "III/a", "III/b", 1, None),
    ("Pengelola Pengadaan Barang/Jasa Ahli Pertama", "Sekretariat", "S1", "adm", "III/a", "III/b", 1, None),
    ("Arsiparis Terampil", "Sekretariat", "D3", "adm_d3", "II/c", "II/d", 1, None),
    ("Pengadministrasi Perkantoran", "Sekretariat", "SMA", "none", "II/a", "II/d", 2, None),
    ("Penata Layanan Operasional", "Sekretariat", "S1", "adm", "III/a", "III/c", 1, None),
    ("Operator Layanan Operasional", "Sekretariat", "SMA", "none", None, None, 1, "V"),
]


def dinas(head: str, unit_head: str, bidang: list[str], fungsional: list[tuple]) -> list[tuple]:
    rows = [
        (head, unit_head, "S2", "adm", "IV/b", "IV/c", 1, None),
        ("Sekretaris", "Sekretariat", "S2", "adm", "IV/a", "IV/b", 1, None),
        ("Kepala Subbagian Umum dan Kepegawaian", "Sekretariat", "S1", "adm", "III/c", "III/d", 1, None),
        ("Kepala Subbagian Perencanaan dan Keuangan", "Sekretariat", "S1", "keu", "III/c", "III/d", 1, None),
    ]
    for b in bidang:
        rows.append((f"Kepala Bidang {b}", f"Bidang {b}", "S1", "adm", "III/d", "IV/b", 1, None))
    return rows + fungsional + COMMON


OPD = {
    "DISDUKCAPIL": dinas(
        "Kepala Dinas", "Dinas Kependudukan dan Pencatatan Sipil",
        ["Pelayanan Pendaftaran Penduduk", "Pelayanan Pencatatan Sipil",
         "Pengelolaan Informasi Administrasi Kependudukan", "Pemanfaatan Data dan Inovasi Pelayanan"],
        [
            ("Administrator Database Kependudukan Ahli Pertama", "Bidang Pengelolaan Informasi Administrasi Kependudukan", "S1", "it", "III/a", "III/b", 3, None),
            ("Pranata Komputer Ahli Pertama", "Bidang Pengelolaan Informasi Administrasi Kependudukan", "S1", "it", "III/a", "III/b", 2, None),
            ("Pranata Komputer Terampil", "Bidang Pelayanan Pendaftaran Penduduk", "D3", "it_d3", "II/c", "II/d", 2, None),
            ("Analis Kebijakan Ahli Muda", "Bidang Pemanfaatan Data dan Inovasi Pelayanan", "S2", "adm", "III/c", "III/d", 1, None),
            ("Penata Layanan Operasional", "Bidang Pelayanan Pencatatan Sipil", "S1", "adm", "III/a", "III/c", 4, None),
            ("Pengolah Data dan Informasi", "Bidang Pelayanan Pendaftaran Penduduk", "SMA", "none", "II/b", "III/a", 4, None),
            ("Pengadministrasi Perkantoran", "Bidang Pelayanan Pencatatan Sipil", "SMA", "none", "II/a", "II/d", 2, None),
            ("Operator Layanan Operasional", "Bidang Pelayanan Pendaftaran Penduduk", "SMA", "none", None, None, 2, "V"),
        ]),
    "DINKES": dinas(
        "Kepala Dinas", "Dinas Kesehatan",
        ["Kesehatan Masyarakat", "Pencegahan dan Pengendalian Penyakit", "Pelayanan Kesehatan",
         "Sumber Daya Kesehatan"],
        [
            ("Epidemiolog Kesehatan Ahli Muda", "Bidang Pencegahan dan Pengendalian Penyakit", "S1", "kesmas", "III/c", "III/d", 1, None),
            ("Administrator Kesehatan Ahli Muda", "Bidang Pelayanan Kesehatan", "S2", "kesmas", "III/c", "III/d", 2, None),
            ("Penyuluh Kesehatan Masyarakat Ahli Pertama", "Bidang Kesehatan Masyarakat", "S1", "kesmas", "III/a", "III/b", 2, None),
            ("Tenaga Sanitasi Lingkungan Ahli Pertama", "Bidang Kesehatan Masyarakat", "S1", "kesmas", "III/a", "III/b", 2, None),
            ("Nutrisionis Ahli Pertama", "Bidang Kesehatan Masyarakat", "S1", "gizi", "III/a", "III/b", 1, None),
            ("Apoteker Ahli Pertama", "Bidang Sumber Daya Kesehatan", "S1", "apoteker", "III/a", "III/b", 1, None),
            ("Dokter Ahli Muda", "UPTD Puskesmas Sukamaju", "DR", "dokter", "III/c", "III/d", 2, None),
            ("Dokter Ahli Pertama", "UPTD Puskesmas Mekarsari", "DR", "dokter", "III/b", "III/b", 2, None),
            ("Perawat Ahli Pertama", "UPTD Puskesmas Sukamaju", "S1", "perawat", "III/a", "III/b", 3, "IX"),
            ("Perawat Terampil", "UPTD Puskesmas Mekarsari", "D3", "perawat_d3", "II/c", "II/d", 3, "VII"),
            ("Bidan Terampil", "UPTD Puskesmas Mekarsari", "D3", "bidan_d3", "II/c", "III/a", 3, "VII"),
            ("Bidan Ahli Pertama", "UPTD Puskesmas Sukamaju", "S1", "bidan", "III/a", "III/b", 2, "IX"),
            ("Pranata Laboratorium Kesehatan Terampil", "UPTD Puskesmas Sukamaju", "D3", "lab_d3", "II/c", "II/d", 1, None),
        ]),
    "DISDIK": dinas(
        "Kepala Dinas", "Dinas Pendidikan",
        ["Pembinaan Sekolah Dasar", "Pembinaan Sekolah Menengah Pertama",
         "Pembinaan Pendidikan Anak Usia Dini dan Pendidikan Nonformal", "Guru dan Tenaga Kependidikan"],
        [
            ("Pengawas Sekolah Ahli Madya", "Bidang Pembinaan Sekolah Dasar", "S2", "guru", "IV/a", "IV/b", 2, None),
            ("Pengawas Sekolah Ahli Muda", "Bidang Pembinaan Sekolah Menengah Pertama", "S1", "guru", "III/c", "III/d", 2, None),
            ("Kepala Sekolah", "SD Negeri 1 Sukamaju", "S1", "guru", "IV/a", "IV/b", 1, None),
            ("Kepala Sekolah", "SMP Negeri 1 Sukamaju", "S2", "guru", "IV/a", "IV/b", 1, None),
            ("Guru Ahli Madya", "SMP Negeri 1 Sukamaju", "S1", "guru", "IV/a", "IV/b", 4, None),
            ("Guru Ahli Muda", "SD Negeri 1 Sukamaju", "S1", "guru", "III/c", "III/d", 6, None),
            ("Guru Ahli Muda", "SMP Negeri 2 Sukamaju", "S1", "guru", "III/c", "III/d", 5, None),
            ("Guru Ahli Pertama", "SD Negeri 2 Mekarsari", "S1", "guru", "III/a", "III/b", 8, "IX"),
            ("Guru Ahli Pertama", "SD Negeri 3 Sukamaju", "S1", "guru", "III/a", "III/b", 8, "IX"),
            ("Guru Ahli Pertama", "SMP Negeri 2 Sukamaju", "S1", "guru", "III/a", "III/b", 6, "IX"),
            ("Penilik Ahli Pertama", "Bidang Pembinaan Pendidikan Anak Usia Dini dan Pendidikan Nonformal", "S1", "guru", "III/a", "III/b", 1, None),
            ("Pranata Komputer Ahli Pertama", "Sekretariat", "S1", "it", "III/a", "III/b", 1, None),
            ("Pengelola Layanan Operasional", "SMP Negeri 1 Sukamaju", "D3", "adm_d3", "II/c", "III/a", 2, None),
        ]),
    "DPMPTSP": dinas(
        "Kepala Dinas", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        ["Penanaman Modal", "Pelayanan Perizinan dan Nonperizinan", "Pengaduan, Kebijakan dan Pelaporan Layanan"],
        [
            ("Penata Perizinan Ahli Muda", "Bidang Pelayanan Perizinan dan Nonperizinan", "S1", "adm", "III/c", "III/d", 2, None),
            ("Penata Perizinan Ahli Pertama", "Bidang Pelayanan Perizinan dan Nonperizinan", "S1", "adm", "III/a", "III/b", 3, None),
            ("Analis Kebijakan Ahli Pertama", "Bidang Penanaman Modal", "S1", "adm", "III/a", "III/b", 2, None),
            ("Pranata Komputer Ahli Pertama", "Bidang Pengaduan, Kebijakan dan Pelaporan Layanan", "S1", "it", "III/a", "III/b", 1, None),
            ("Penata Layanan Operasional", "Bidang Pelayanan Perizinan dan Nonperizinan", "S1", "adm", "III/a", "III/c", 3, None),
            ("Pengolah Data dan Informasi", "Bidang Penanaman Modal", "SMA", "none", "II/b", "III/a", 2, None),
            ("Operator Layanan Operasional", "Bidang Pelayanan Perizinan dan Nonperizinan", "SMA", "none", None, None, 2, "V"),
        ]),
    "BKPSDM": [
        ("Kepala Badan", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "S2", "sdm", "IV/b", "IV/c", 1, None),
        ("Sekretaris", "Sekretariat", "S2", "sdm", "IV/a", "IV/b", 1, None),
        ("Kepala Subbagian Umum dan Kepegawaian", "Sekretariat", "S1", "adm", "III/c", "III/d", 1, None),
        ("Kepala Bidang Pengadaan, Pemberhentian dan Informasi", "Bidang Pengadaan, Pemberhentian dan Informasi", "S1", "sdm", "III/d", "IV/b", 1, None),
        ("Kepala Bidang Mutasi dan Promosi", "Bidang Mutasi dan Promosi", "S1", "sdm", "III/d", "IV/b", 1, None),
        ("Kepala Bidang Pengembangan Kompetensi Aparatur", "Bidang Pengembangan Kompetensi Aparatur", "S2", "sdm", "IV/a", "IV/b", 1, None),
        ("Kepala Bidang Penilaian Kinerja Aparatur dan Penghargaan", "Bidang Penilaian Kinerja Aparatur dan Penghargaan", "S1", "sdm", "III/d", "IV/b", 1, None),
        ("Analis Sumber Daya Manusia Aparatur Ahli Muda", "Bidang Mutasi dan Promosi", "S1", "sdm", "III/c", "III/d", 3, None),
        ("Analis Sumber Daya Manusia Aparatur Ahli Pertama", "Bidang Penilaian Kinerja Aparatur dan Penghargaan", "S1", "sdm", "III/a", "III/b", 5, None),
        ("Pranata Sumber Daya Manusia Aparatur Terampil", "Bidang Pengadaan, Pemberhentian dan Informasi", "D3", "adm_d3", "II/c", "II/d", 3, None),
        ("Pranata Komputer Ahli Pertama", "Bidang Pengadaan, Pemberhentian dan Informasi", "S1", "it", "III/a", "III/b", 2, None),
        ("Psikolog Klinis Ahli Pertama", "Bidang Pengembangan Kompetensi Aparatur", "S2", "sdm", "III/b", "III/b", 1, None),
        ("Pengolah Data dan Informasi", "Bidang Mutasi dan Promosi", "SMA", "none", "II/b", "III/a", 3, None),
    ] + COMMON,
    "DINSOS": dinas(
        "Kepala Dinas", "Dinas Sosial",
        ["Rehabilitasi Sosial", "Perlindungan dan Jaminan Sosial", "Pemberdayaan Sosial dan Penanganan Fakir Miskin"],
        [
            ("Pekerja Sosial Ahli Muda", "Bidang Rehabilitasi Sosial", "S1", "sos", "III/c", "III/d", 2, None),
            ("Pekerja Sosial Ahli Pertama", "Bidang Rehabilitasi Sosial", "S1", "sos", "III/a", "III/b", 3, None),
            ("Penyuluh Sosial Ahli Pertama", "Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin", "S1", "sos", "III/a", "III/b", 2, None),
            ("Penata Layanan Operasional", "Bidang Perlindungan dan Jaminan Sosial", "S1", "adm", "III/a", "III/c", 3, None),
            ("Pengolah Data dan Informasi", "Bidang Perlindungan dan Jaminan Sosial", "SMA", "none", "II/b", "III/a", 3, None),
            ("Operator Layanan Operasional", "Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin", "SMA", "none", None, None, 2, "V"),
        ]),
    "BAPPEDA": [
        ("Kepala Badan", "Badan Perencanaan Pembangunan Daerah", "S2", "ren", "IV/b", "IV/c", 1, None),
        ("Sekretaris", "Sekretariat", "S2", "ren", "IV/a", "IV/b", 1, None),
        ("Kepala Subbagian Umum dan Kepegawaian", "Sekretariat", "S1", "adm", "III/c", "III/d", 1, None),
        ("Kepala Bidang Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah", "Bidang Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah", "S2", "ren", "IV/a", "IV/b", 1, None),
        ("Kepala Bidang Pemerintahan dan Pembangunan Manusia", "Bidang Pemerintahan dan Pembangunan Manusia", "S1", "ren", "III/d", "IV/b", 1, None),
        ("Kepala Bidang Perekonomian, Infrastruktur dan Kewilayahan", "Bidang Perekonomian, Infrastruktur dan Kewilayahan", "S1", "ren", "III/d", "IV/b", 1, None),
        ("Perencana Ahli Madya", "Bidang Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah", "S2", "ren", "IV/a", "IV/b", 2, None),
        ("Perencana Ahli Muda", "Bidang Pemerintahan dan Pembangunan Manusia", "S1", "ren", "III/c", "III/d", 4, None),
        ("Perencana Ahli Pertama", "Bidang Perekonomian, Infrastruktur dan Kewilayahan", "S1", "ren", "III/a", "III/b", 5, None),
        ("Statistisi Ahli Pertama", "Bidang Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah", "S1", "stat", "III/a", "III/b", 2, None),
        ("Penata Layanan Operasional", "Bidang Pemerintahan dan Pembangunan Manusia", "S1", "adm", "III/a", "III/c", 2, None),
    ] + COMMON,
    "KEC-SUKAMAJU": [
        ("Camat", "Kecamatan Sukamaju", "S2", "pamong", "IV/a", "IV/b", 1, None),
        ("Sekretaris Kecamatan", "Sekretariat", "S1", "pamong", "III/d", "IV/a", 1, None),
        ("Kepala Seksi Pemerintahan", "Seksi Pemerintahan", "S1", "pamong", "III/b", "III/d", 1, None),
        ("Kepala Seksi Ketenteraman dan Ketertiban Umum", "Seksi Ketenteraman dan Ketertiban Umum", "S1", "pamong", "III/b", "III/d", 1, None),
        ("Kepala Seksi Kesejahteraan Sosial", "Seksi Kesejahteraan Sosial", "S1", "sos", "III/b", "III/d", 1, None),
        ("Kepala Seksi Pelayanan Umum", "Seksi Pelayanan Umum", "S1", "adm", "III/b", "III/d", 1, None),
        ("Kepala Subbagian Umum dan Kepegawaian", "Sekretariat", "S1", "adm", "III/b", "III/d", 1, None),
        ("Kepala Subbagian Perencanaan dan Keuangan", "Sekretariat", "S1", "keu", "III/b", "III/d", 1, None),
        ("Penata Layanan Operasional", "Seksi Pelayanan Umum", "S1", "adm", "III/a", "III/c", 3, None),
        ("Pengolah Data dan Informasi", "Seksi Pemerintahan", "SMA", "none", "II/b", "III/a", 3, None),
        ("Pengadministrasi Perkantoran", "Sekretariat", "SMA", "none", "II/a", "II/d", 3, None),
        ("Operator Layanan Operasional", "Seksi Pelayanan Umum", "SMA", "none", None, None, 1, "V"),
    ],
    "KEC-MEKARSARI": [
        ("Camat", "Kecamatan Mekarsari", "S1", "pamong", "IV/a", "IV/a", 1, None),
        ("Sekretaris Kecamatan", "Sekretariat", "S1", "pamong", "III/d", "IV/a", 1, None),
        ("Kepala Seksi Pemerintahan", "Seksi Pemerintahan", "S1", "pamong", "III/b", "III/d", 1, None),
        ("Kepala Seksi Ketenteraman dan Ketertiban Umum", "Seksi Ketenteraman dan Ketertiban Umum", "S1", "pamong", "III/b", "III/d", 1, None),
        ("Kepala Seksi Pemberdayaan Masyarakat dan Desa", "Seksi Pemberdayaan Masyarakat dan Desa", "S1", "sos", "III/b", "III/d", 1, None),
        ("Kepala Subbagian Umum, Kepegawaian dan Keuangan", "Sekretariat", "S1", "keu", "III/b", "III/d", 1, None),
        ("Penata Layanan Operasional", "Seksi Pemberdayaan Masyarakat dan Desa", "S1", "adm", "III/a", "III/c", 3, None),
        ("Pengolah Data dan Informasi", "Seksi Pemerintahan", "SMA", "none", "II/b", "III/a", 2, None),
        ("Pengadministrasi Perkantoran", "Sekretariat", "SMA", "none", "II/a", "II/d", 3, None),
        ("Operator Layanan Operasional", "Sekretariat", "SMA", "none", None, None, 1, "V"),
    ],
    "RSUD": [
        ("Direktur", "RSUD Sukamaju", "DR", "dokter", "IV/b", "IV/c", 1, None),
        ("Wakil Direktur Pelayanan", "Wakil Direktur Pelayanan", "DR", "dokter", "IV/a", "IV/b", 1, None),
        ("Wakil Direktur Umum dan Keuangan", "Wakil Direktur Umum dan Keuangan", "S2", "keu", "IV/a", "IV/b", 1, None),
        ("Kepala Bagian Tata Usaha", "Bagian Tata Usaha", "S1", "adm", "III/d", "IV/a", 1, None),
        ("Kepala Bidang Pelayanan Medik", "Bidang Pelayanan Medik", "DR", "dokter", "III/d", "IV/a", 1, None),
        ("Kepala Bidang Keperawatan", "Bidang Keperawatan", "S1", "perawat", "III/d", "IV/a", 1, None),
        ("Dokter Ahli Madya", "Instalasi Rawat Inap", "DR", "dokter", "IV/a", "IV/b", 3, None),
        ("Dokter Ahli Muda", "Instalasi Gawat Darurat", "DR", "dokter", "III/c", "III/d", 3, None),
        ("Dokter Ahli Pertama", "Instalasi Rawat Jalan", "DR", "dokter", "III/b", "III/b", 2, None),
        ("Perawat Ahli Muda", "Instalasi Rawat Inap", "S1", "perawat", "III/c", "III/d", 4, None),
        ("Perawat Ahli Pertama", "Instalasi Rawat Inap", "S1", "perawat", "III/a", "III/b", 6, "IX"),
        ("Perawat Ahli Pertama", "Instalasi Gawat Darurat", "S1", "perawat", "III/a", "III/b", 4, "IX"),
        ("Perawat Terampil", "Instalasi Rawat Jalan", "D3", "perawat_d3", "II/c", "III/a", 5, "VII"),
        ("Perawat Terampil", "Instalasi Bedah Sentral", "D3", "perawat_d3", "II/c", "III/a", 3, "VII"),
        ("Bidan Ahli Pertama", "Ruang Kebidanan dan Perinatologi", "S1", "bidan", "III/a", "III/b", 2, None),
        ("Bidan Terampil", "Ruang Kebidanan dan Perinatologi", "D3", "bidan_d3", "II/c", "III/a", 3, "VII"),
        ("Apoteker Ahli Pertama", "Instalasi Farmasi", "S1", "apoteker", "III/a", "III/b", 2, None),
        ("Asisten Apoteker Terampil", "Instalasi Farmasi", "D3", "farmasi_d3", "II/c", "II/d", 2, None),
        ("Pranata Laboratorium Kesehatan Terampil", "Instalasi Laboratorium", "D3", "lab_d3", "II/c", "III/a", 2, None),
        ("Radiografer Terampil", "Instalasi Radiologi", "D3", "rad_d3", "II/c", "II/d", 2, None),
        ("Perekam Medis Terampil", "Instalasi Rekam Medis", "D3", "rm_d3", "II/c", "II/d", 2, "VII"),
        ("Nutrisionis Terampil", "Instalasi Gizi", "D3", "gizi_d3", "II/c", "II/d", 1, None),
        ("Pranata Komputer Ahli Pertama", "Bagian Tata Usaha", "S1", "it", "III/a", "III/b", 1, None),
        ("Analis Keuangan Pusat dan Daerah Ahli Pertama", "Bagian Tata Usaha", "S1", "keu", "III/a", "III/b", 1, None),
        ("Pengadministrasi Perkantoran", "Bagian Tata Usaha", "SMA", "none", "II/a", "II/d", 2, None),
    ],
}

SINGLE = {"Dadang", "Engkus", "Jajang", "Ujang", "Cecep", "Nandang", "Tatang", "Usep", "Yayan",
          "Euis", "Imas", "Cucu", "Nenden", "Lilis", "Nining", "Iis", "Yuyun", "Elis", "Heni"}
PPPK_ENTRY_AGE = (24, 40)
PPPK_YEARS = [2021, 2022, 2023, 2024]
TMT_MONTHS = [1, 1, 2, 3, 3, 4, 6, 12]


def make_name(rng: random.Random, male: bool, field: str, edu: str, age: int) -> str:
    first = rng.choice(MALE if male else FEMALE)
    last = rng.choice(SURNAME_M if male else SURNAME_F)
    # Single names are common among Sundanese staff; only names that stand alone get no surname.
    base = first if first in SINGLE and rng.random() < 0.35 else f"{first} {last}"
    if edu == "SMA":
        return base
    prefixes, suffixes = GELAR[field]
    pre = rng.choice(prefixes)
    suf = rng.choice(suffixes)
    parts = [s for s in [suf] if s]
    if edu in ("S2", "DR") and field in S2 and (edu == "S2" or rng.random() < 0.3):
        parts.append(rng.choice(S2[field]))
    hajj = "H. " if male else "Hj. "
    # The hajj title goes with seniority.
    name = f"{hajj if age >= 40 and rng.random() < 0.12 else ''}{base}"
    if pre:
        name = f"{pre} {name}"
    return ", ".join([name] + parts)


def nip(birth: dt.date, tmt_year: int, tmt_code: int, male: bool, seq: int) -> str:
    return f"{birth:%Y%m%d}{tmt_year:04d}{tmt_code:02d}{1 if male else 2}{seq:03d}"


def main() -> None:
    rng = random.Random(SEED)
    used: set[str] = set()
    rows = []
    for opd, positions in OPD.items():
        for (jabatan, unit, edu, field, lo, hi, count, pppk_gol) in positions:
            for _ in range(count):
                male = rng.random() < (0.35 if field in ("bidan", "bidan_d3", "perawat", "perawat_d3", "guru") else 0.55)
                if field in ("bidan", "bidan_d3"):
                    male = False
                is_pppk = pppk_gol is not None and (lo is None or rng.random() < 0.45)
                if is_pppk:
                    tmt_year = rng.choice(PPPK_YEARS)
                    tmt_code = 21
                    age = rng.randint(*PPPK_ENTRY_AGE)
                    rank = pppk_gol
                    status = "PPPK"
                else:
                    g = rng.randint(G[lo], G[hi])
                    entry_g, amin, amax = ENTRY[edu]
                    steps = max(0, g - G[entry_g])
                    service = steps * 4 + rng.randint(0, 3) + (1 if steps else 0)
                    tmt_year = SNAPSHOT.year - 1 - service
                    tmt_code = rng.choice(TMT_MONTHS)
                    age = rng.randint(amin, amax)
                    rank = f"{PANGKAT[g]} ({GOLONGAN[g]})"
                    status = "PNS"
                    if steps == 0 and rng.random() < 0.15:
                        # A candidate from the latest intake.
                        tmt_year, tmt_code, status = 2025, 3, "CPNS"
                # Keep everyone under the retirement age of 58 at the snapshot.
                birth_year = min(tmt_year - age, SNAPSHOT.year - 23)
                birth_year = max(birth_year, SNAPSHOT.year - 57)
                birth_month = rng.randint(1, 12)
                if not is_pppk and tmt_year - birth_year == 18:
                    birth_year -= 1
                birth = dt.date(birth_year, birth_month, rng.randint(1, 28))
                seq = 1
                while nip(birth, tmt_year, tmt_code, male, seq) in used:
                    seq += 1
                number = nip(birth, tmt_year, tmt_code, male, seq)
                used.add(number)
                shown = number
                if rng.random() < 0.4:
                    shown = f"{number[:8]} {number[8:14]} {number[14]} {number[15:]}"
                name = make_name(rng, male, field, edu, SNAPSHOT.year - birth.year)
                rows.append([shown, name, jabatan, rank, unit, opd, status])

    out = pathlib.Path(__file__).with_name("pegawai.csv")
    with out.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        w.writerow(["NIP", "Nama", "Jabatan", "Pangkat/Golongan", "Unit Kerja", "Kode OPD", "Status"])
        w.writerows(rows)
    pppk = sum(1 for r in rows if r[6] == "PPPK")
    print(f"wrote {out} with {len(rows)} rows ({pppk} PPPK, {pppk * 100 // len(rows)}%)")


if __name__ == "__main__":
    main()
