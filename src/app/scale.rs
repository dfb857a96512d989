//! Scale data: a deterministic generator of a provincial inspectorate's years of work (ASN roster,
//! agencies, a 500-item checklist, audits with answers, edits, findings, follow-ups and ratings)
//! for measuring Periksa at size (`periksa-testkit scale`, `benches/scale.rs`).
//!
//! The same seed gives the same rows. The generator yields plain changes with their author and
//! time; `App::fill_scale` saves them, and the SQLite baseline of the benchmark inserts the very
//! same rows.

use std::collections::VecDeque;
use std::path::Path;

use chrono::{Datelike, NaiveDate, TimeZone, Utc};

use crate::app::{template_hash, App, AppError};
use crate::domain::codes::{Codes, Table};
use crate::domain::followup::{
    Berakhlak, DisciplinePenalty, FollowUpAction, FollowUpStatus, Severity,
};
use crate::domain::model::{
    Agency, EmploymentKind, Evidence, FindingContent, Official, Profile, RatingContent,
    Recommendation,
};
use crate::domain::money::Rupiah;
use crate::domain::nip::Nip;
use crate::domain::period::Period;
use crate::domain::phase::{Phase, Role};
use crate::domain::rating::RatingLevel;
use crate::domain::score::Answer;
use crate::domain::template::{AnswerKind, Item, Section, Template};
use crate::domain::Id;
use crate::store::event::{FollowUpEntry, Payload};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// Events in all (the store's own first events included, approximately).
    pub events: u64,
    pub employees: usize,
    pub audits: usize,
    /// Items of the one big checklist every audit uses.
    pub items: usize,
    pub seed: u64,
}

impl Spec {
    /// The volumes of issue 6 scaled to `events`: one employee per ten events (at most 100,000),
    /// one audit per thousand (at least one, at most 1,000), a 500-item checklist.
    pub fn for_events(events: u64, seed: u64) -> Spec {
        Spec {
            events,
            employees: (events / 10).clamp(50, 100_000) as usize,
            audits: (events / 1_000).clamp(1, 1_000) as usize,
            items: 500,
            seed,
        }
    }
}

/// One change with its author and time, as the generator yields it.
#[derive(Debug, Clone)]
pub struct Generated {
    pub actor: Id,
    pub at_ms: i64,
    pub payload: Payload,
}

/// xorshift64*: deterministic and dependency-free.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
    /// A UUID made from the generator's stream (version 4 layout), so ids repeat with the seed.
    pub fn id(&mut self) -> Id {
        uuid::Builder::from_random_bytes(
            (u128::from(self.next_u64()) << 64 | u128::from(self.next_u64())).to_le_bytes(),
        )
        .into_uuid()
    }
}

pub const UNITS: &[&str] = &[
    "Bidang Pelayanan",
    "Sekretariat",
    "Subbagian Keuangan",
    "Bidang Pendaftaran Penduduk",
    "UPT Puskesmas Sukamaju",
    "Bidang Perizinan",
    "Subbagian Umum dan Kepegawaian",
    "Bidang Perencanaan",
    "Seksi Pengaduan",
];
pub const DOCS: &[&str] = &[
    "surat keputusan standar pelayanan",
    "buku register permohonan",
    "laporan realisasi anggaran triwulan",
    "daftar hadir pegawai",
    "berita acara serah terima barang",
    "kartu inventaris barang",
    "SOP penanganan pengaduan",
    "rekapitulasi survei kepuasan masyarakat",
    "bukti setor pajak",
    "kontrak pengadaan jasa kebersihan",
];
/// Observations an auditor notes against an item.
pub const NOTES: &[&str] = &[
    "Tim memeriksa {d} pada {u} dan mendapati dokumen lengkap serta ditandatangani pejabat berwenang.",
    "Sebagian {d} belum ditandatangani; petugas berjanji melengkapi dalam minggu ini.",
    "Uji petik atas {n} berkas menunjukkan {d} diisi lengkap dan tepat waktu.",
    "Register tidak diisi pada bulan Maret dan April; petugas menyatakan aplikasi sedang gangguan.",
    "Wawancara dengan Kepala {u} mengonfirmasi prosedur berjalan sesuai SOP.",
    "Dokumen asli disimpan di arsip {u}; salinan dipindai dan dicocokkan dengan aslinya.",
    "Observasi langsung di ruang layanan: papan informasi memuat standar pelayanan yang berlaku.",
    "Terdapat {n} berkas yang tidak ditemukan saat uji petik atas {d}.",
];
pub const KONDISI: &[&str] = &[
    "Hasil pemeriksaan atas {d} pada {u} menunjukkan bahwa dokumen tersebut belum dimutakhirkan sejak tahun 2023.",
    "Pada saat pemeriksaan lapangan, tim tidak dapat memperoleh {d} yang telah ditandatangani pejabat berwenang.",
    "Terdapat selisih antara {d} dengan catatan pada aplikasi sebanyak {n} berkas.",
    "Sebanyak {n} permohonan diselesaikan melebihi waktu yang ditetapkan dalam standar pelayanan.",
    "{u} belum menyusun {d} sebagaimana diwajibkan.",
    "Pengecekan fisik menemukan {n} barang yang tidak tercatat dalam {d}.",
];
pub const KRITERIA: &[&str] = &[
    "Peraturan Menteri PANRB Nomor 15 Tahun 2014 tentang Pedoman Standar Pelayanan mewajibkan standar pelayanan ditetapkan dan ditinjau secara berkala.",
    "Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin PNS Pasal 4 huruf f mewajibkan PNS masuk kerja dan menaati ketentuan jam kerja.",
    "Peraturan Menteri Dalam Negeri Nomor 19 Tahun 2016 mengatur bahwa setiap barang milik daerah dicatat dalam kartu inventaris.",
    "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik Pasal 15 mewajibkan penyelenggara menyusun dan menetapkan standar pelayanan.",
    "Peraturan Bupati tentang Sistem Pengendalian Intern Pemerintah mewajibkan setiap transaksi didukung bukti yang sah.",
];
pub const SEBAB: &[&str] = &[
    "Kepala {u} kurang optimal dalam melakukan pengawasan dan pengendalian.",
    "Petugas yang ditunjuk belum memahami ketentuan yang berlaku.",
    "Belum ada pembagian tugas yang jelas dalam pengelolaan {d}.",
    "Keterbatasan jumlah pegawai dan belum adanya pelatihan teknis.",
    "Aplikasi pencatatan belum terintegrasi dengan arsip manual.",
];
pub const AKIBAT: &[&str] = &[
    "Masyarakat tidak memperoleh kepastian waktu dan biaya pelayanan.",
    "Berpotensi terjadi kehilangan barang milik daerah yang tidak terdeteksi.",
    "Informasi yang disajikan dalam laporan tidak dapat diyakini keandalannya.",
    "Penilaian kinerja pegawai tidak mencerminkan kondisi sebenarnya.",
    "Risiko pengaduan masyarakat dan menurunnya indeks kepuasan.",
];
pub const REKOMENDASI: &[&str] = &[
    "Kepala Dinas agar memerintahkan {u} untuk memutakhirkan {d} paling lambat 60 hari.",
    "Kepala Dinas agar memberikan teguran tertulis kepada petugas yang bertanggung jawab.",
    "Sekretaris agar menyusun SOP dan menetapkan pembagian tugas yang jelas.",
    "Kepala {u} agar melakukan rekonsiliasi data setiap bulan dan melaporkan hasilnya.",
    "Kepala Dinas agar mengikutsertakan petugas dalam pelatihan teknis yang relevan.",
];
pub const TITLES: &[&str] = &[
    "Standar pelayanan belum ditinjau",
    "Dokumen pendukung tidak lengkap",
    "Penyelesaian permohonan melebihi waktu",
    "Barang milik daerah tidak tercatat",
    "Ketidakhadiran pegawai tanpa keterangan",
    "Selisih data register dan aplikasi",
];
/// What an auditee reports doing about a recommendation.
const FOLLOW_UP_ACTIONS: &[&str] = &[
    "Auditan telah menyampaikan {d} yang telah dimutakhirkan beserta bukti pendukung.",
    "Kepala {u} telah menetapkan surat keputusan pembagian tugas pengelolaan {d}.",
    "Tindak lanjut sebagian: {u} masih menyusun {d}; batas waktu diperpanjang.",
    "Petugas {u} telah mengikuti pelatihan teknis; sertifikat dilampirkan.",
    "Rekonsiliasi {d} bulan berjalan telah dilakukan dan dilaporkan kepada Kepala Dinas.",
];
/// Why the inspectorate rejects an action, or accepts that none can follow.
const FOLLOW_UP_REASONS: &[&str] = &[
    "Bukti yang dilampirkan belum ditandatangani pejabat berwenang.",
    "{d} yang disampaikan belum memuat seluruh {n} berkas yang direkomendasikan.",
    "Bukti setor tidak sesuai dengan nilai yang direkomendasikan.",
];
const LAWFUL_REASONS: &[&str] = &[
    "{u} telah dilebur ke perangkat daerah lain sesuai peraturan daerah tentang susunan organisasi.",
    "Pegawai yang bersangkutan telah pensiun dan tidak dapat dikenai sanksi.",
];
/// Positions of the officials responsible for acting on a recommendation.
const OFFICIALS: &[&str] = &[
    "Kepala Dinas",
    "Sekretaris",
    "Kepala Bidang Pelayanan",
    "Kepala Subbagian Keuangan",
    "Kepala Subbagian Umum dan Kepegawaian",
    "Pejabat Pembuat Komitmen",
];
const FIRST: &[&str] = &[
    "Agus",
    "Budi",
    "Citra",
    "Dewi",
    "Eko",
    "Fitri",
    "Gilang",
    "Hendra",
    "Indah",
    "Joko",
    "Kartika",
    "Lestari",
    "Made",
    "Nur",
    "Oktaviani",
    "Putu",
    "Rahmat",
    "Siti",
    "Taufik",
    "Umi",
    "Wahyu",
    "Yanti",
    "Yusuf",
    "Zainal",
    "Ayu",
    "Bambang",
    "Dian",
    "Fajar",
    "Hadi",
    "Ika",
    "Kurniawan",
    "Rina",
    "Sri",
    "Teguh",
    "Wulan",
];
const LAST: &[&str] = &[
    "Hermawan",
    "Purnamasari",
    "Wibowo",
    "Santoso",
    "Lestari",
    "Saputra",
    "Rahayu",
    "Setiawan",
    "Kusuma",
    "Nugroho",
    "Handayani",
    "Pratama",
    "Susanti",
    "Hidayat",
    "Wijaya",
    "Permana",
    "Maharani",
    "Siregar",
    "Nasution",
    "Simanjuntak",
    "Pohan",
    "Suryadi",
    "Firmansyah",
    "Kurnia",
    "Anggraini",
    "Utami",
];
const POSITIONS: &[(&str, &str)] = &[
    ("Kepala Seksi", "Penata Tingkat I (III/d)"),
    ("Analis Kebijakan Ahli Muda", "Penata (III/c)"),
    (
        "Pranata Komputer Ahli Pertama",
        "Penata Muda Tingkat I (III/b)",
    ),
    ("Pengelola Keuangan", "Pengatur Tingkat I (II/d)"),
    ("Pengadministrasi Umum", "Pengatur (II/c)"),
    ("Perawat Ahli Pertama", "Penata Muda (III/a)"),
    ("Bidan Terampil", "Pengatur Tingkat I (II/d)"),
    ("Guru Ahli Pertama", "IX"),
    ("Kepala Bidang", "Pembina (IV/a)"),
];
const PLACES: &[&str] = &[
    "Sukamaju",
    "Sukajaya",
    "Mekarsari",
    "Cibeureum",
    "Karanganyar",
    "Sindangsari",
    "Tanjungsari",
    "Cikupa",
    "Pasirjambu",
    "Margahayu",
    "Sirnagalih",
    "Wanasari",
];
const AGENCIES: &[(&str, &str, &str)] = &[
    (
        "DISDUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Dinas",
    ),
    ("DINKES", "Dinas Kesehatan", "Dinas"),
    ("DISDIK", "Dinas Pendidikan", "Dinas"),
    (
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "Dinas",
    ),
    (
        "BKPSDM",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "Badan",
    ),
    ("DINSOS", "Dinas Sosial", "Dinas"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "Badan"),
    (
        "BPKAD",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "Badan",
    ),
    ("DISHUB", "Dinas Perhubungan", "Dinas"),
    ("DLH", "Dinas Lingkungan Hidup", "Dinas"),
];

/// Indonesian text of `min..=max` bytes made of sentences from `pool`.
pub fn prose(rng: &mut Rng, pool: &[&str], min: usize, max: usize) -> String {
    let target = min + rng.below(max.saturating_sub(min) + 1);
    let mut out = String::new();
    while out.len() < target {
        if !out.is_empty() {
            out.push(' ');
        }
        let s = rng
            .pick(pool)
            .replace("{d}", rng.pick(DOCS))
            .replace("{u}", rng.pick(UNITS))
            .replace("{n}", &(2 + rng.below(140)).to_string());
        out.push_str(&s);
    }
    if out.len() > max {
        let mut cut = max;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        let t = out.trim_end_matches([' ', ',', ';']).len();
        out.truncate(t);
        out.push('.');
    }
    out
}

/// The agencies of the generated province: ten offices and their subdistricts and health centres.
pub fn agencies(count: usize) -> Vec<Agency> {
    let mut out: Vec<Agency> = AGENCIES
        .iter()
        .map(|(code, name, kind)| Agency {
            code: (*code).into(),
            name: (*name).into(),
            kind: (*kind).into(),
            region: "Kabupaten Sukamaju".into(),
        })
        .collect();
    let mut i = 0;
    while out.len() < count {
        let place = PLACES[i % PLACES.len()];
        let round = i / PLACES.len();
        let (code, name, kind) = match round % 2 {
            0 => (
                format!("KEC-{}", place.to_uppercase()),
                format!("Kecamatan {place}"),
                "Kecamatan",
            ),
            _ => (
                format!("PKM-{}", place.to_uppercase()),
                format!("UPT Puskesmas {place}"),
                "UPT",
            ),
        };
        let suffix = if round >= 2 {
            format!(" {}", round / 2 + 1)
        } else {
            String::new()
        };
        out.push(Agency {
            code: format!("{code}{}", suffix.replace(' ', "-")),
            name: format!("{name}{suffix}"),
            kind: kind.into(),
            region: "Kabupaten Sukamaju".into(),
        });
        i += 1;
    }
    out.truncate(count);
    out
}

/// A valid, unique NIP for employee number `i` (birth date, TMT CPNS, gender, sequence).
pub fn nip_for(i: usize, rng: &mut Rng) -> Result<Nip, AppError> {
    let block = i / 999;
    let birth = NaiveDate::from_ymd_opt(1966, 1, 1).unwrap_or_default()
        + chrono::Duration::days((block * 120 + rng.below(110)) as i64);
    let tmt_year = (birth.year() + 22 + rng.below(8) as i32).min(2025);
    let tmt_month = 1 + rng.below(12);
    let gender = 1 + rng.below(2);
    let seq = 1 + i % 999;
    let text = format!(
        "{:04}{:02}{:02}{tmt_year:04}{tmt_month:02}{gender}{seq:03}",
        birth.year(),
        birth.month(),
        birth.day()
    );
    let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
    Nip::parse(&text, today)
        .map(|info| info.nip)
        .map_err(|e| AppError::Invalid(format!("generated NIP {text} is invalid: {e}")))
}

/// The checklist of the generated audits: the three shipped checklists, repeated per service unit
/// until it has `items` items.
pub fn template(items: usize) -> Result<Template, AppError> {
    let mut base = Vec::new();
    for (label, text) in crate::exchange::checklist::BUNDLED {
        let t =
            crate::exchange::checklist::parse_template(label, text.as_bytes()).map_err(|d| {
                AppError::Invalid(format!("shipped checklist {label} does not parse: {d:?}"))
            })?;
        base.extend(t.sections);
    }
    let mut sections = Vec::new();
    let mut left = items;
    'rounds: for round in 0.. {
        let unit = UNITS[round % UNITS.len()];
        for s in &base {
            if left == 0 {
                break 'rounds;
            }
            let take: Vec<Item> = s
                .items
                .iter()
                .take(left)
                .map(|it| Item {
                    code: format!("{}-U{round}", it.code),
                    ..it.clone()
                })
                .collect();
            left -= take.len();
            sections.push(Section {
                code: format!("{}-U{round}", s.code),
                title: format!("{} — {unit}", s.title),
                items: take,
            });
        }
        if base.is_empty() {
            break;
        }
    }
    Ok(Template {
        id: "pemeriksaan-terpadu".into(),
        title: "Pemeriksaan Terpadu Unit Layanan".into(),
        version: "2026.1".into(),
        description: "Gabungan daftar uji pelayanan publik, disiplin dan kinerja ASN, serta pengembangan kompetensi, per unit layanan.".into(),
        sections,
    })
}

/// 2022-01-03 08:00 WIB: when the generated history starts.
pub fn start_ms() -> i64 {
    Utc.with_ymd_and_hms(2022, 1, 3, 1, 0, 0)
        .single()
        .map_or(0, |t| t.timestamp_millis())
}

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;
/// Working days an audit's fieldwork and review take.
const AUDIT_DAYS: i64 = 15;
/// The generated history covers this many days (to late 2026).
const SPAN_DAYS: i64 = 1_760;

/// The generator: an iterator of changes in time order.
pub struct Generator {
    spec: Spec,
    rng: Rng,
    lead: Id,
    auditors: Vec<Id>,
    agencies: Vec<Agency>,
    items: Vec<(String, AnswerKind)>,
    template: Option<Template>,
    template_hash: [u8; 32],
    nips: Vec<(Nip, usize)>,
    /// The leaf codes of the shipped tables (`data/kode/apip.toml`): kode temuan, kode sebab,
    /// kode rekomendasi.
    finding_codes: Vec<String>,
    cause_codes: Vec<String>,
    recommendation_codes: Vec<String>,
    /// Changes made before the audits (profiles, agencies, checklist, roster), in order.
    setup: VecDeque<Generated>,
    employees_left: usize,
    next_employee: usize,
    next_audit: usize,
    per_audit: usize,
    active: Vec<VecDeque<Generated>>,
    last_ms: i64,
}

impl Generator {
    /// `lead` is the profile the store was made with; the others are generated.
    pub fn new(spec: Spec, lead: Id) -> Result<Generator, AppError> {
        let mut rng = Rng::new(spec.seed);
        let template = template(spec.items)?;
        let items = template
            .items()
            .map(|i| (i.code.clone(), i.answer))
            .collect();
        let agencies = agencies((spec.employees / 1_500).clamp(10, 70));
        let mut setup = VecDeque::new();
        let t0 = start_ms();
        let mut auditors = vec![lead];
        for n in 0..39 {
            let id = rng.id();
            auditors.push(id);
            let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
            setup.push_back(Generated {
                actor: lead,
                at_ms: t0,
                payload: Payload::ProfileAdded(Profile {
                    id,
                    name: format!("{name}, S.E."),
                    nip: None,
                    role: if n % 8 == 0 { Role::Lead } else { Role::Member },
                }),
            });
        }
        for a in &agencies {
            setup.push_back(Generated {
                actor: lead,
                at_ms: t0,
                payload: Payload::AgencyUpserted(a.clone()),
            });
        }
        let nips = (0..spec.employees)
            .map(|i| Ok((nip_for(i, &mut rng)?, rng.below(agencies.len()))))
            .collect::<Result<Vec<_>, AppError>>()?;
        let hash = template_hash(&template)?;
        let codes = Codes::builtin()
            .map_err(|e| AppError::Invalid(format!("the shipped code tables: {e:?}")))?;
        let leaves =
            |t: Table| -> Vec<String> { codes.leaves(t).iter().map(|c| c.code.clone()).collect() };
        setup.push_back(Generated {
            actor: lead,
            at_ms: t0,
            payload: Payload::TemplateImported {
                hash,
                template: template.clone(),
            },
        });
        let fixed = setup.len() as u64 + spec.employees as u64 + 1;
        let per_audit = (spec.events.saturating_sub(fixed) / spec.audits.max(1) as u64) as usize;
        Ok(Generator {
            spec,
            rng,
            lead,
            auditors,
            agencies,
            items,
            template: Some(template),
            template_hash: hash,
            nips,
            finding_codes: leaves(Table::Finding),
            cause_codes: leaves(Table::Cause),
            recommendation_codes: leaves(Table::Recommendation),
            setup,
            employees_left: spec.employees,
            next_employee: 0,
            next_audit: 0,
            per_audit,
            active: Vec::new(),
            last_ms: t0,
        })
    }

    /// The checklist (for the SQLite baseline); `None` once taken.
    pub fn take_template(&mut self) -> Option<Template> {
        self.template.take()
    }

    fn employee(&mut self) -> Generated {
        let i = self.next_employee;
        self.next_employee += 1;
        self.employees_left -= 1;
        let rng = &mut self.rng;
        let (nip, agency) = self.nips[i].clone();
        let (position, rank) = POSITIONS[rng.below(POSITIONS.len())];
        let pppk = rank == "IX";
        let name = format!("{} {} {}", rng.pick(FIRST), rng.pick(FIRST), rng.pick(LAST));
        Generated {
            actor: self.lead,
            at_ms: start_ms() + 60_000,
            payload: Payload::EmployeeUpserted(crate::domain::model::Employee {
                nip,
                name,
                position: position.into(),
                rank: rank.into(),
                unit: rng.pick(UNITS).into(),
                agency: self.agencies[agency].code.clone(),
                kind: if pppk {
                    EmploymentKind::Pppk
                } else {
                    EmploymentKind::Pns
                },
            }),
        }
    }

    fn audit_start(&self, k: usize) -> i64 {
        // audits begin in the morning, spread evenly over the years (several at once when many)
        let days = (SPAN_DAYS - AUDIT_DAYS - 30) * k as i64 / self.spec.audits.max(1) as i64;
        start_ms() + (30 + days) * DAY_MS + k as i64 % 7 * HOUR_MS / 4
    }

    /// Every change of audit `k`, in time order.
    fn audit(&mut self, k: usize) -> VecDeque<Generated> {
        let start = self.audit_start(k);
        let rng = &mut self.rng;
        let team: Vec<Id> = (0..3 + rng.below(3))
            .map(|_| self.auditors[rng.below(self.auditors.len())])
            .collect();
        let lead = team[0];
        let agency_ix = rng.below(self.agencies.len());
        let agency = self.agencies[agency_ix].clone();
        let audit = rng.id();
        let year = (2022 + (start - start_ms()) / (365 * DAY_MS)) as u16;
        let mut out: Vec<Generated> = Vec::with_capacity(self.per_audit);
        // day 2.5 = the third day, half-way through office hours (08.00–16.00)
        let at = |day: f64| {
            start + day.floor() as i64 * DAY_MS + (day.fract() * 8.0 * HOUR_MS as f64) as i64
        };
        out.push(Generated {
            actor: lead,
            at_ms: at(0.0),
            payload: Payload::AuditCreated {
                id: audit,
                title: format!("Pemeriksaan kinerja {} {year}", agency.name),
                agency: agency.code.clone(),
                template_id: "pemeriksaan-terpadu".into(),
                template_hash: self.template_hash,
                letter: Some(format!("700/{}/ITDA/{year}", 100 + k)),
                period: Some(Period::Year(year.saturating_sub(1))),
            },
        });
        out.push(phase(
            lead,
            at(0.5),
            audit,
            Phase::Planning,
            Phase::Fieldwork,
        ));
        // the budget: about 1 in 80 changes is a finding, and a finding brings (once the audit is
        // final) two follow-up changes on average (entries reported, verifications) and, for
        // some, ratings of the ASN involved
        let budget = self.per_audit.saturating_sub(5);
        let findings = (budget / 80).max(1).min(budget / 4);
        let ratings = findings / 2;
        let followups = findings * 2;
        let updates = findings / 4;
        // the newest audits are still in the field: no review, no final, no follow-up yet (more
        // answers instead, so the budget holds)
        let in_field = k + (self.spec.audits / 100).max(1) >= self.spec.audits;
        let later = if in_field { 0 } else { followups + 2 };
        let responses = (budget + 2).saturating_sub(findings + ratings + updates + later);
        let in_agency: Vec<usize> = (0..self.nips.len())
            .filter(|&i| self.nips[i].1 == agency_ix)
            .take(400)
            .collect();
        for r in 0..responses {
            // first every item once, then edits of earlier answers
            let ix = if r < self.items.len() {
                r
            } else {
                rng.below(self.items.len())
            };
            let (code, kind) = &self.items[ix];
            let answer = match kind {
                AnswerKind::Compliance => match rng.below(10) {
                    0..=5 => Answer::Compliant,
                    6 | 7 => Answer::Partial,
                    8 => Answer::Noncompliant,
                    _ => Answer::NotApplicable,
                },
                AnswerKind::Score => Answer::Score(1 + rng.below(5) as u8),
                AnswerKind::YesNo => {
                    if rng.below(4) == 0 {
                        Answer::No
                    } else {
                        Answer::Yes
                    }
                }
                AnswerKind::Number => Answer::Number(rng.below(500) as f64),
            };
            let evidence = if rng.below(8) == 0 {
                vec![Evidence {
                    name: format!("foto-{code}-{}.jpg", rng.below(100)),
                    sha256: *blake3::hash(&rng.next_u64().to_le_bytes()).as_bytes(),
                    note: String::new(),
                }]
            } else {
                Vec::new()
            };
            let day = 1.0 + 10.0 * r as f64 / responses.max(1) as f64;
            out.push(Generated {
                actor: team[rng.below(team.len())],
                at_ms: at(day),
                payload: Payload::ResponseRecorded {
                    audit,
                    item: code.clone(),
                    answer: Some(answer),
                    note: prose(rng, NOTES, 50, 300),
                    evidence,
                },
            });
        }
        let mut raised = Vec::with_capacity(findings);
        for f in 0..findings {
            let id = rng.id();
            let nips = if !in_agency.is_empty() && rng.below(10) < 4 {
                (0..1 + rng.below(2))
                    .map(|_| self.nips[in_agency[rng.below(in_agency.len())]].0.clone())
                    .collect()
            } else {
                Vec::new()
            };
            let items = vec![self.items[rng.below(self.items.len())].0.clone()];
            let code = self.finding_codes[rng.below(self.finding_codes.len())].clone();
            // kerugian, potensi kerugian, kekurangan penerimaan: the first recommendation is to
            // pay back (kode 01) a value
            let money = ["1.01", "1.02", "1.03"].contains(&code.as_str());
            let recommendations = (1..=1 + rng.below(3) as u16)
                .map(|no| {
                    let pays = money && no == 1;
                    let code = if pays {
                        "01".to_string()
                    } else {
                        let others = &self.recommendation_codes;
                        // any but 01 (paying back goes with a value)
                        let mut c = &others[rng.below(others.len())];
                        if c == "01" {
                            c = &others[others.len() - 1];
                        }
                        c.clone()
                    };
                    let official = if rng.below(5) < 2 {
                        Official {
                            name: format!("{} {}", rng.pick(FIRST), rng.pick(LAST)),
                            position: rng.pick(OFFICIALS).into(),
                            nip: None,
                        }
                    } else {
                        Official::default()
                    };
                    Recommendation {
                        no,
                        code,
                        text: prose(rng, REKOMENDASI, 50, 250),
                        official,
                        due: None,
                        value: pays.then(|| {
                            Rupiah::from_rupiah(
                                1_000_000 * (1 + rng.below(250) as i64)
                                    + 1_000 * rng.below(1_000) as i64,
                            )
                        }),
                    }
                })
                .collect();
            let payload = Payload::FindingRaised {
                id,
                audit,
                content: FindingContent {
                    items,
                    title: rng.pick(TITLES).into(),
                    code,
                    kondisi: prose(rng, KONDISI, 80, 300),
                    kriteria: prose(rng, KRITERIA, 80, 300),
                    sebab: prose(rng, SEBAB, 50, 200),
                    cause_code: self.cause_codes[rng.below(self.cause_codes.len())].clone(),
                    akibat: prose(rng, AKIBAT, 50, 200),
                    recommendations,
                    tanggapan: String::new(),
                    severity: [Severity::Low, Severity::Medium, Severity::High][rng.below(3)],
                    nips,
                },
            };
            out.push(Generated {
                actor: team[rng.below(team.len())],
                at_ms: at(9.0 + 2.0 * f as f64 / findings as f64),
                payload: payload.clone(),
            });
            raised.push(payload);
        }
        for (u, p) in raised.iter().take(updates).enumerate() {
            if let Payload::FindingRaised { id, audit, content } = p.clone() {
                out.push(Generated {
                    actor: lead,
                    at_ms: at(11.5 + u as f64 / updates.max(1) as f64),
                    payload: Payload::FindingUpdated {
                        id,
                        audit,
                        content: FindingContent {
                            tanggapan: "Auditan menerima temuan dan akan menindaklanjuti.".into(),
                            ..content
                        },
                    },
                });
            }
        }
        if !in_field {
            out.push(phase(
                lead,
                at(12.5),
                audit,
                Phase::Fieldwork,
                Phase::Review,
            ));
        }
        let mut rated = 0;
        for p in &raised {
            let Payload::FindingRaised {
                id,
                content: FindingContent { nips, .. },
                ..
            } = p
            else {
                continue;
            };
            for nip in nips {
                if rated >= ratings {
                    break;
                }
                let hasil = [RatingLevel::Meets, RatingLevel::Below][rng.below(2)];
                let perilaku = [RatingLevel::Meets, RatingLevel::Below][rng.below(2)];
                let action = match rng.below(4) {
                    0 => FollowUpAction::Pembinaan,
                    1 => FollowUpAction::Pelatihan,
                    2 => FollowUpAction::Disiplin(DisciplinePenalty::TeguranTertulis),
                    _ => FollowUpAction::None,
                };
                out.push(Generated {
                    actor: lead,
                    at_ms: at(13.0 + rated as f64 / ratings.max(1) as f64),
                    payload: Payload::RatingRecommended {
                        id: rng.id(),
                        audit,
                        content: RatingContent {
                            nip: nip.clone(),
                            period: Period::Year(year.saturating_sub(1)),
                            hasil,
                            perilaku,
                            berakhlak: vec![(
                                Berakhlak::Akuntabel,
                                "Belum menyimpan bukti kerja secara tertib.".into(),
                            )],
                            justification: prose(rng, SEBAB, 50, 200),
                            findings: vec![*id],
                            action,
                        },
                    },
                });
                rated += 1;
            }
        }
        if in_field {
            out.sort_by_key(|g| g.at_ms);
            return out.into();
        }
        out.push(phase(lead, at(14.0), audit, Phase::Review, Phase::Final));
        follow_up(rng, &mut out, (audit, lead), &raised, followups, &at);
        out.sort_by_key(|g| g.at_ms);
        out.into()
    }
}

/// The follow-up of a final audit's recommendations, `budget` changes in all, from the third week
/// after the audit began (its final is on day 14, the deadline 60 days after): entries the auditee
/// reported (`FollowUpReported`), most of them verified a few days later (`FollowUpVerified`:
/// accepted with 1, now and then 4; rejected with 2 and a reason), and recommendations settled
/// without an entry (4 with a lawful reason, or 3: no response). A recommendation nobody acted on
/// has no change at all. When the budget outlasts a first pass, later passes add further reports.
fn follow_up(
    rng: &mut Rng,
    out: &mut Vec<Generated>,
    (audit, lead): (Id, Id),
    raised: &[Payload],
    budget: usize,
    at: &dyn Fn(f64) -> i64,
) {
    let recs: Vec<(Id, u16, Option<Rupiah>)> = raised
        .iter()
        .filter_map(|p| match p {
            Payload::FindingRaised { id, content, .. } => Some(
                content
                    .recommendations
                    .iter()
                    .map(|r| (*id, r.no, r.value))
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        })
        .flatten()
        .collect();
    if recs.is_empty() {
        return;
    }
    let date_of = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .map(|t| t.date_naive())
            .unwrap_or_default()
    };
    let mut left = budget;
    let mut made = 0usize;
    let push = |out: &mut Vec<Generated>, at_ms: i64, payload: Payload| {
        out.push(Generated {
            actor: lead,
            at_ms,
            payload,
        });
    };
    for round in 0.. {
        for &(finding, recommendation, value) in &recs {
            if left == 0 {
                return;
            }
            // 0–5 nobody acted yet, 6–10 reported, 11–15 reported and accepted, 16–17 reported
            // and rejected, 18 nothing can follow (4), 19 no response (3); a later pass adds a
            // further report, verified or not
            let what = if round == 0 {
                rng.below(20)
            } else {
                6 + rng.below(10)
            };
            if what < 6 {
                continue;
            }
            let day = 18.0 + 24.0 * made as f64 / budget as f64;
            let at_ms = at(day);
            left -= 1;
            made += 1;
            if what >= 18 {
                let (status, reason) = if what == 18 {
                    (
                        FollowUpStatus::TidakDapat,
                        prose(rng, LAWFUL_REASONS, 50, 160),
                    )
                } else {
                    (
                        FollowUpStatus::BelumDitindaklanjuti,
                        "Belum ada tanggapan tertulis dari auditan sampai dengan tanggal pemantauan."
                            .to_string(),
                    )
                };
                push(
                    out,
                    at_ms,
                    Payload::FollowUpVerified {
                        audit,
                        finding,
                        recommendation,
                        entry: None,
                        date: date_of(at_ms),
                        status,
                        reason,
                        due: None,
                    },
                );
                continue;
            }
            let accepted = (11..=15).contains(&what);
            let returned = match value {
                Some(v) if accepted => Some(v),
                Some(v) if rng.below(2) == 0 => Some(Rupiah::from_sen(v.sen() / 2)),
                _ => None,
            };
            let id = rng.id();
            let acted = date_of(at_ms) - chrono::Duration::days(rng.below(5) as i64);
            push(
                out,
                at_ms,
                Payload::FollowUpReported {
                    audit,
                    finding,
                    recommendation,
                    entry: FollowUpEntry {
                        id,
                        date: acted,
                        action: prose(rng, FOLLOW_UP_ACTIONS, 50, 200),
                        evidence: vec![format!(
                            "bukti-tl-{recommendation}-{}.pdf",
                            rng.below(1_000)
                        )],
                        returned,
                    },
                },
            );
            if what <= 10 || left == 0 {
                continue;
            }
            let verified = at(day + 2.0 + rng.below(4) as f64);
            let (status, reason) = match (accepted, rng.below(10)) {
                (true, 0) => (
                    FollowUpStatus::TidakDapat,
                    prose(rng, LAWFUL_REASONS, 50, 160),
                ),
                (true, _) => (FollowUpStatus::Sesuai, String::new()),
                (false, _) => (
                    FollowUpStatus::BelumSesuai,
                    prose(rng, FOLLOW_UP_REASONS, 40, 160),
                ),
            };
            push(
                out,
                verified,
                Payload::FollowUpVerified {
                    audit,
                    finding,
                    recommendation,
                    entry: Some(id),
                    date: date_of(verified),
                    status,
                    reason,
                    due: None,
                },
            );
            left -= 1;
            made += 1;
        }
    }
}

fn phase(actor: Id, at_ms: i64, audit: Id, from: Phase, to: Phase) -> Generated {
    Generated {
        actor,
        at_ms,
        payload: Payload::PhaseChanged {
            audit,
            from,
            to,
            reason: None,
            followup_days: (to == Phase::Final).then_some(60),
        },
    }
}

impl Iterator for Generator {
    type Item = Generated;

    fn next(&mut self) -> Option<Generated> {
        let g = if let Some(g) = self.setup.pop_front() {
            g
        } else if self.employees_left > 0 {
            self.employee()
        } else {
            // start every audit that begins before the earliest pending change
            let earliest = self
                .active
                .iter()
                .filter_map(|q| q.front().map(|g| g.at_ms))
                .min();
            while self.next_audit < self.spec.audits
                && earliest.is_none_or(|t| self.audit_start(self.next_audit) <= t)
            {
                let k = self.next_audit;
                self.next_audit += 1;
                let q = self.audit(k);
                self.active.push(q);
                if earliest.is_none() {
                    break;
                }
            }
            let (ix, _) = self
                .active
                .iter()
                .enumerate()
                .filter_map(|(i, q)| q.front().map(|g| (i, g.at_ms)))
                .min_by_key(|&(_, t)| t)?;
            let g = self.active[ix].pop_front()?;
            self.active.retain(|q| !q.is_empty());
            g
        };
        // strictly increasing times, as a single laptop's chain has them
        let at_ms = g.at_ms.max(self.last_ms + 1);
        self.last_ms = at_ms;
        Some(Generated { at_ms, ..g })
    }
}

/// Changes per save while filling a store.
const SAVE: usize = 2_000;

/// The result of filling a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filled {
    pub events: u64,
    pub audits: usize,
    pub employees: usize,
}

impl App {
    /// Fill this (new) store with the generated history of `spec`, `SAVE` changes per save,
    /// calling `progress` with the events saved so far after each save.
    pub fn fill_scale(
        &mut self,
        spec: Spec,
        mut progress: impl FnMut(u64),
    ) -> Result<Filled, AppError> {
        let lead = self.current_profile()?.id;
        let gen = Generator::new(spec, lead)?;
        let mut batch = Vec::with_capacity(SAVE);
        let mut saved = 0u64;
        for g in gen {
            batch.push((g.actor, g.at_ms, g.payload));
            if batch.len() == SAVE {
                saved += self.store.commit_stamped(std::mem::take(&mut batch))?.len() as u64;
                progress(saved);
            }
        }
        saved += self.store.commit_stamped(batch)?.len() as u64;
        progress(saved);
        Ok(Filled {
            events: saved,
            audits: spec.audits,
            employees: spec.employees,
        })
    }
}

/// Make a new store at `dir` and fill it (`periksa-testkit scale`).
pub fn run(dir: &Path, spec: Spec, mut progress: impl FnMut(u64)) -> Result<Filled, AppError> {
    if dir.join("journal.log").exists() {
        return Err(AppError::Invalid(format!(
            "{} already holds a store: `scale` fills a new store only",
            dir.display()
        )));
    }
    let mut app = App::init_at(
        dir,
        "Ketua Tim Pengukuran",
        None,
        Role::Lead,
        Some(start_ms() - DAY_MS),
    )?;
    let filled = app.fill_scale(spec, &mut progress)?;
    app.close()?;
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Spec {
        Spec {
            events: 3_000,
            employees: 300,
            audits: 3,
            items: 120,
            seed: 7,
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_history_in_time_order() {
        let lead = Id::from_u128(1);
        let a: Vec<Generated> = Generator::new(small(), lead).unwrap().collect();
        let b: Vec<Generated> = Generator::new(small(), lead).unwrap().collect();
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!((x.actor, x.at_ms), (y.actor, y.at_ms));
            assert_eq!(x.payload, y.payload);
        }
        assert!(a.windows(2).all(|w| w[0].at_ms < w[1].at_ms));
        let other: Vec<Generated> = Generator::new(Spec { seed: 8, ..small() }, lead)
            .unwrap()
            .collect();
        assert_ne!(
            a.iter().map(|g| g.payload.clone()).collect::<Vec<_>>(),
            other.into_iter().map(|g| g.payload).collect::<Vec<_>>()
        );
    }

    #[test]
    fn volumes_follow_the_spec() {
        let spec = small();
        let all: Vec<Generated> = Generator::new(spec, Id::from_u128(1)).unwrap().collect();
        let count = |f: fn(&Payload) -> bool| all.iter().filter(|g| f(&g.payload)).count();
        assert!(
            (all.len() as u64).abs_diff(spec.events) < 10,
            "{}",
            all.len()
        );
        assert_eq!(
            count(|p| matches!(p, Payload::EmployeeUpserted(_))),
            spec.employees
        );
        assert_eq!(
            count(|p| matches!(p, Payload::AuditCreated { .. })),
            spec.audits
        );
        assert!(count(|p| matches!(p, Payload::FindingRaised { .. })) >= spec.audits * 5);
        assert!(count(|p| matches!(p, Payload::RatingRecommended { .. })) > 0);
        // follow-up as this build records it: entries reported and verified, never the retired
        // one-status-per-finding change
        assert_eq!(count(|p| matches!(p, Payload::FollowUpRecorded { .. })), 0);
        assert!(count(|p| matches!(p, Payload::FollowUpReported { .. })) > 5);
        assert!(count(|p| matches!(p, Payload::FollowUpVerified { entry: Some(_), .. })) > 0);
        assert!(count(|p| matches!(p, Payload::FollowUpVerified { entry: None, .. })) > 0);
        // findings carry leaf codes of the shipped tables and one to three numbered
        // recommendations, some with an official or a value
        let codes = Codes::builtin().unwrap();
        let leaf = |t: Table, c: &str| codes.leaves(t).iter().any(|l| l.code == c);
        let mut recs = Vec::new();
        for g in &all {
            if let Payload::FindingRaised { content, .. } = &g.payload {
                assert!(leaf(Table::Finding, &content.code), "{}", content.code);
                assert!(
                    leaf(Table::Cause, &content.cause_code),
                    "{}",
                    content.cause_code
                );
                let nos: Vec<u16> = content.recommendations.iter().map(|r| r.no).collect();
                assert!((1..=3).contains(&nos.len()));
                assert_eq!(nos, (1..=nos.len() as u16).collect::<Vec<_>>());
                for r in &content.recommendations {
                    assert!(leaf(Table::Recommendation, &r.code), "{}", r.code);
                    assert_eq!(r.value.is_some(), r.code == "01");
                }
                recs.extend(content.recommendations.iter().cloned());
            }
        }
        assert!(recs.iter().any(|r| r.value.is_some()));
        assert!(recs.iter().any(|r| !r.official.is_empty()));
        assert!(recs.iter().any(|r| r.official.is_empty()));
        // the checklist has the asked size and every response names one of its items
        let t = template(spec.items).unwrap();
        let codes: std::collections::HashSet<String> = t.items().map(|i| i.code.clone()).collect();
        assert_eq!(codes.len(), spec.items);
        for g in &all {
            if let Payload::ResponseRecorded { item, note, .. } = &g.payload {
                assert!(codes.contains(item), "{item}");
                assert!((50..=301).contains(&note.len()), "{} {note}", note.len());
            }
        }
    }

    #[test]
    fn generated_nips_are_valid_and_unique() {
        let mut rng = Rng::new(3);
        let nips: std::collections::HashSet<String> = (0..5_000)
            .map(|i| nip_for(i, &mut rng).unwrap().as_str().to_string())
            .collect();
        assert_eq!(nips.len(), 5_000);
    }

    #[test]
    fn a_filled_store_verifies_and_refuses_a_second_fill() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("s");
        let filled = run(&store, small(), |_| {}).unwrap();
        assert!(filled.events > 2_900);
        let app = App::open(&store).unwrap();
        assert_eq!(app.audits().unwrap().len(), 3);
        // two of the three audits are final: the register lists their recommendations in every
        // status the follow-up gives them
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let rows = app.tlhp(&Default::default(), today).unwrap();
        let audits: std::collections::HashSet<Id> = rows.iter().map(|r| r.audit).collect();
        assert_eq!(audits.len(), 2);
        for status in FollowUpStatus::ALL {
            assert!(rows.iter().any(|r| r.status == status), "{status:?}");
        }
        assert!(rows.iter().any(|r| r.entries > 0 && r.unverified > 0));
        assert!(rows.iter().any(|r| r.value.is_some()));
        assert!(rows.iter().any(|r| r.overdue.is_some()));
        let report = app.verify().unwrap();
        assert!(report.ok(), "{:?}", report.problems);
        assert_eq!(report.events, filled.events + 2);
        // the history is dated as generated (2022 onwards), not at the time of the fill
        let newest = app.log(&Default::default(), 1).unwrap();
        assert!(newest[0].body.at_ms < start_ms() + SPAN_DAYS * DAY_MS);
        drop(app);
        let again = run(&store, small(), |_| {}).unwrap_err().to_string();
        assert!(again.contains("already holds a store"), "{again}");
    }
}
