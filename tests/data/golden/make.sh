#!/usr/bin/env bash
# Make a golden set: a store, findings files and a backup written by one build of Periksa, with
# the state that build shows, for tests/golden.rs to open with every later build.
#
#   tests/data/golden/make.sh BIN OUTDIR
#   e.g. tests/data/golden/make.sh target/debug/periksa tests/data/golden/v2
#
# BIN is the periksa binary of the build the set stands for; run the script from a checkout of
# that build (made-by.txt records `BIN --version` and the checkout's commit; set GOLDEN_COMMIT to
# name another). Only BIN touches the stores; jq reads its JSON output. OUTDIR must not exist or be
# empty. It gets:
#
#   store/                      laptop A's store, copied after the last command closed it: its
#                               journal holds at least one event of every kind (checked at the end)
#   temuan.periksa              the audit's findings file, plain
#   temuan-terenkripsi.periksa  the same, encrypted with the passphrase in passphrase.txt
#   backup.periksa              a backup of the whole store, encrypted with the same passphrase
#   passphrase.txt
#   state/                      what this build shows: audits.json, audit.json, findings.json,
#                               ratings.json, check.json and check-exit.txt (`audit check`),
#                               events.txt (events in the log), kinds.txt (`kind count` per kind
#                               code, sorted), made-by.txt
#
# It fails unless the journal holds an event of every kind: the 21 of e5380f7 and any other that
# src/store/event.rs (Kind::code) of the checkout names.
#
# The story: `demo` fills laptop A (device, profiles, agencies, roster, the three templates with
# their number limits, the audit, answers, findings, ratings); A adds two controllers, evidence,
# corrections (an evidence reference removed, an answer cleared, a finding and a rating
# withdrawn, ratings edited and replaced); laptop B (its own `init`) imports A's findings file and
# changes an answer and a finding (through a CSV export edited and imported back) that A changes
# too; A imports B's file and settles both conflicts (one by keeping B's version, one by merging
# the texts); A completes the audit, the four roles sign (the lead withdraws and signs again),
# the audit becomes final, a follow-up is recorded, the audit is reopened to review and a number
# outside its item's range is recorded (so `audit check` blocks final).
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 BIN OUTDIR" >&2
    exit 2
fi
command -v jq >/dev/null || { echo "$0: needs jq (apt-get install jq)" >&2; exit 1; }

BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -x "$BIN" ] || { echo "$0: $1 is not an executable" >&2; exit 1; }
OUT=$2
if [ -e "$OUT" ] && [ -n "$(ls -A "$OUT")" ]; then
    echo "$0: $OUT exists and is not empty" >&2
    exit 1
fi
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
A=$WORK/laptop-a
B=$WORK/laptop-b
PASS=$OUT/passphrase.txt
echo golden-pass >"$PASS"

# periksa STORE ARGS…: one command on a store, never a terminal (so no UI, no prompts)
periksa() {
    local store=$1
    shift
    env -u PERIKSA_STORE "$BIN" --store "$store" "$@" </dev/null
}
# jsonof STORE ARGS…: the command's JSON output
jsonof() {
    local store=$1
    shift
    periksa "$store" --json "$@"
}
say() { echo "== $*" >&2; }

# --- laptop A: the demo, then two controllers so four people can sign ---------------------------
say "laptop A: demo"
periksa "$A" demo >/dev/null
AUDIT=$(jsonof "$A" audit list | jq -r '.[0].id')
periksa "$A" profile add --name "Hendra Gunawan, S.E., M.M." --nip "19750101 200001 1 001" \
    --role technical >/dev/null
periksa "$A" profile add --name "Sri Wahyuni, S.H., M.H." --nip "19720815 199803 2 004" \
    --role quality >/dev/null
periksa "$A" profile use "19800512 200501 2 003" >/dev/null # the lead (ketua tim)

# evidence: two files on SP-01, one of them removed again with a reason
printf 'Keputusan Kepala Dinas Nomor 470/112/DISDUKCAPIL/2025\n' >"$WORK/sk-standar-pelayanan.pdf"
printf 'salinan yang salah\n' >"$WORK/salinan-keliru.pdf"
periksa "$A" audit answer "$AUDIT" SP-01 --evidence "$WORK/sk-standar-pelayanan.pdf" \
    --evidence "$WORK/salinan-keliru.pdf" >/dev/null
periksa "$A" audit correct "$AUDIT" SP-01 --remove-evidence salinan-keliru.pdf \
    --reason "Berkas salah unggah: bukan salinan keputusan" >/dev/null
# an answer cleared, answered again later
periksa "$A" audit correct "$AUDIT" SKM-05 --clear-answer \
    --reason "Skor dihitung ulang setelah rapat tim" >/dev/null
# a number answer (the IKM item has min 25, max 100)
periksa "$A" audit answer "$AUDIT" SKM-04 --answer "78,25" \
    --note "IKM semester I 2026 menurut laporan SKM yang ditandatangani Kepala Dinas." >/dev/null
# the survey's responses imported into the item the checklist marks computed = "ikm" (issue 17):
# the answer, its evidence and the survey's figures (survey.recorded); builds before issue 17 have
# no `skm` command, and the set they make has no survey
if periksa "$A" skm --help >/dev/null 2>&1; then
    printf 'U1;U2;U3;U4;U5;U6;U7;U8;U9\n4;3;3;4;4;4;4;2;3\n3;3;2;4;3;4;4;2;3\n3;3;3;4;3;3;3;3;2\n3;3;2;4;4;4;4;2;3\n' >"$WORK/skm-2026-s1.csv"
    periksa "$A" skm import "$WORK/skm-2026-s1.csv" --audit "$AUDIT" --unit "Loket Adminduk" \
        --period "Semester I 2026" --population 300 >/dev/null
fi

# a fourth finding, withdrawn
F4=$(jsonof "$A" finding add "$AUDIT" --title "Loket pengaduan tidak dijaga" \
    --kondisi "Pada kunjungan 14 November 2026 loket pengaduan kosong selama dua jam." \
    --kriteria "PermenPANRB 62/2018 tentang pengelolaan pengaduan." \
    --sebab "Petugas pengaduan merangkap petugas loket KTP-el." \
    --akibat "Pengaduan lisan tidak tercatat." \
    --rekomendasi "Kepala Dinas menunjuk petugas pengaduan tetap." \
    --tanggapan "Sekretaris Dinas sependapat." \
    --severity low --item SAR-01 --nip "19770324 200503 1 001" | jq -r '.id')
periksa "$A" finding withdraw "$F4" \
    --reason "Petugas pengaduan ternyata bertugas di loket lantai dua (dikonfirmasi)" >/dev/null

# ratings: one edited, one replaced, a third given and withdrawn
R1=$(jsonof "$A" rating list --audit "$AUDIT" --nip 197101282002022001 | jq -r '.[0].id')
periksa "$A" rating edit "$R1" --action pembinaan \
    --berakhlak "akuntabel=Belum memantau persediaan blangko" \
    --reason "Tindak lanjut dan catatan BerAKHLAK dilengkapi" >/dev/null
periksa "$A" rating add "$AUDIT" --nip 198609092016061001 --hasil above --perilaku meets \
    --period 2026-S2 --justification "Memimpin publikasi hasil SKM setelah pemeriksaan." \
    --replace "Hasil kerja dinilai ulang setelah klarifikasi" >/dev/null
R3=$(jsonof "$A" rating add "$AUDIT" --nip 199105222014011001 --hasil meets --perilaku meets \
    --period 2026-S2 --justification "Contoh" | jq -r '.id')
periksa "$A" rating withdraw "$R3" --reason "ASN ini bukan sampel pemeriksaan" >/dev/null

# --- laptop B: its own store, A's findings file, its own changes --------------------------------
say "laptop B: import A's file, change SP-05 and the first finding"
F1=$(jsonof "$A" finding list "$AUDIT" | jq -r '.[0].id')
periksa "$A" export "$AUDIT" --format bundle -o "$WORK/a-ke-b.periksa" --passphrase-file "$PASS" \
    >/dev/null
periksa "$B" init --name "Yoga Pratama" --nip "19880314 201101 1 004" --role member >/dev/null
periksa "$B" import "$WORK/a-ke-b.periksa" --passphrase-file "$PASS" >/dev/null
periksa "$B" audit answer "$AUDIT" SP-05 --answer sebagian \
    --note "Maklumat baru sudah dirancang, menunggu tanda tangan kepala dinas." >/dev/null
# the finding's kondisi edited in a CSV export and imported back (comma-separated: the edit adds
# a semicolon to a field left unquoted)
periksa "$B" export "$AUDIT" --format csv --delimiter , -o "$WORK/b-csv" >/dev/null
sed -i 's/belum ditetapkan maklumat pelayanan yang baru\./belum ditetapkan maklumat pelayanan yang baru; rancangannya ada di Sekretariat./' \
    "$WORK/b-csv/temuan.csv"
periksa "$B" import "$WORK/b-csv/temuan.csv" --apply >/dev/null
periksa "$B" export "$AUDIT" --format bundle -o "$WORK/b-ke-a.periksa" >/dev/null

# --- laptop A: the same two records changed here, then B's file --------------------------------
say "laptop A: the same records, then B's file and its conflicts"
periksa "$A" audit answer "$AUDIT" SP-05 --answer tidak-sesuai \
    --note "Maklumat versi 2021 masih terpasang pada 20 November 2026." >/dev/null
periksa "$A" export "$AUDIT" --format csv --delimiter , -o "$WORK/a-csv" >/dev/null
sed -i 's/belum ditetapkan maklumat pelayanan yang baru\./belum ditetapkan maklumat pelayanan yang baru (dikonfirmasi Sekretaris Dinas)./' \
    "$WORK/a-csv/temuan.csv"
periksa "$A" import "$WORK/a-csv/temuan.csv" --apply >/dev/null
periksa "$A" import "$WORK/b-ke-a.periksa" >/dev/null
n=$(jsonof "$A" conflicts --audit "$AUDIT" | jq 'length')
[ "$n" = 2 ] || { echo "$0: expected 2 conflicts after B's file, got $n" >&2; exit 1; }
# the answer: keep B's version
C=$(jsonof "$A" conflicts --audit "$AUDIT" | jq -r '[.[] | select(.merge_fields | index("kondisi") | not)][0]')
periksa "$A" conflicts resolve "$(jq -r .id <<<"$C")" \
    --keep "$(jq -r '[.shown, .others[]] | map(select(.by == "Yoga Pratama"))[0].hash' <<<"$C")" \
    >/dev/null
# the finding: merge the two kondisi texts
C=$(jsonof "$A" conflicts --audit "$AUDIT" | jq -r '.[0].id')
jsonof "$A" finding list "$AUDIT" | jq -r --arg f "$F1" '.[] | select(.id == $f) | .kondisi' |
    sed 's/ (dikonfirmasi Sekretaris Dinas)\.$/; rancangannya ada di Sekretariat (dikonfirmasi Sekretaris Dinas)./;s/; rancangannya ada di Sekretariat\.$/; rancangannya ada di Sekretariat (dikonfirmasi Sekretaris Dinas)./' \
        >"$WORK/kondisi-gabungan.txt"
periksa "$A" conflicts resolve "$C" --merge-text "$WORK/kondisi-gabungan.txt" >/dev/null
n=$(jsonof "$A" conflicts --audit "$AUDIT" | jq 'length')
[ "$n" = 0 ] || { echo "$0: $n conflicts left" >&2; exit 1; }

# --- laptop A: complete, review, sign, final, follow-up, reopen ---------------------------------
say "laptop A: complete the audit, sign, final, follow-up, reopen"
periksa "$A" audit answer "$AUDIT" SKM-05 --answer 4 >/dev/null
printf 'bukti pemeriksaan lapangan\n' >"$WORK/bukti-lapangan.pdf"
jsonof "$A" audit show "$AUDIT" | jq -r '.items[] |
    if .answer == null then "\(.code) na"
    elif .evidence_required and .answer != "na" and ((.evidence // []) | length) == 0 then "\(.code) bukti"
    else empty end' |
    while read -r code what; do
        if [ "$what" = na ]; then
            periksa "$A" audit answer "$AUDIT" "$code" --answer na >/dev/null
        else
            periksa "$A" audit answer "$AUDIT" "$code" --evidence "$WORK/bukti-lapangan.pdf" >/dev/null
        fi
    done
for f in $(jsonof "$A" finding list "$AUDIT" | jq -r '.[].id'); do
    for no in $(jsonof "$A" finding show "$f" | jq -r '.recommendations[].no'); do
        periksa "$A" finding follow-up "$f" --rec "$no" --status 3 --due 2027-02-15 >/dev/null
    done
done
periksa "$A" audit check "$AUDIT" >/dev/null
periksa "$A" audit advance "$AUDIT" >/dev/null # fieldwork → review
sign() {
    periksa "$A" profile use "$1" >/dev/null
    periksa "$A" audit sign "$AUDIT" --role "$2" >/dev/null
}
sign "19900101 201503 1 002" member
sign "19800512 200501 2 003" lead
periksa "$A" audit unsign "$AUDIT" --role lead --reason "Ditandatangani sebelum membaca tanggapan" \
    >/dev/null
sign "19800512 200501 2 003" lead
sign "19750101 200001 1 001" technical
sign "19720815 199803 2 004" quality
periksa "$A" profile use "19800512 200501 2 003" >/dev/null
periksa "$A" audit advance "$AUDIT" >/dev/null # review → final
periksa "$A" finding follow-up "$F1" --status 2 \
    --note "Rancangan maklumat diajukan; belum ditandatangani." --due 2027-02-15 >/dev/null
# a follow-up reported by the auditee and verified (issue 16: each recommendation of a finding has
# its own history; the demo's SKM finding has two)
F3=$(jsonof "$A" finding list "$AUDIT" | jq -r '[.[] | select((.recommendations | length) > 1)][0].id')
periksa "$A" finding report "$F3" --rec 2 --date 2027-01-08 \
    --action "Laporan pemantauan rencana tindak lanjut SKM triwulan IV disampaikan" \
    --evidence "laporan-pemantauan-skm-tw4.pdf" >/dev/null
periksa "$A" finding verify "$F3" --rec 2 --entry 1 --status 1 --date 2027-01-11 >/dev/null
periksa "$A" audit advance "$AUDIT" --reason "Dibuka kembali: tanggapan Kepala Dinas menyusul" \
    >/dev/null # final → review
# after reopening: a number outside the item's range (the check reads the template's limits) makes
# the sign-offs stale; `audit check` then blocks final (state/check.json)
periksa "$A" audit answer "$AUDIT" SKM-04 --answer "3,2" \
    --note "Nilai dari laporan SKM lama (skala 1–4), belum dikonversi." >/dev/null

# --- the files, then what this build shows ------------------------------------------------------
say "files and state"
periksa "$A" verify >/dev/null
periksa "$A" export "$AUDIT" -o "$OUT/temuan.periksa" >/dev/null
periksa "$A" export "$AUDIT" -o "$OUT/temuan-terenkripsi.periksa" --passphrase-file "$PASS" >/dev/null
periksa "$A" backup "$WORK/backup" --passphrase-file "$PASS" >/dev/null
files=("$WORK"/backup/*)
[ ${#files[@]} = 1 ] || { echo "$0: expected one backup file, got ${files[*]}" >&2; exit 1; }
mv "${files[0]}" "$OUT/backup.periksa"

S=$OUT/state
mkdir -p "$S"
jsonof "$A" audit list >"$S/audits.json"
jsonof "$A" audit show "$AUDIT" >"$S/audit.json"
jsonof "$A" finding list "$AUDIT" >"$S/findings.json"
jsonof "$A" rating list --audit "$AUDIT" >"$S/ratings.json"
set +e
jsonof "$A" audit check "$AUDIT" >"$S/check.json" 2>/dev/null
echo $? >"$S/check-exit.txt"
set -e
jsonof "$A" log --limit 100000 >"$WORK/log.jsonl"
wc -l <"$WORK/log.jsonl" | tr -d ' ' >"$S/events.txt"
jq -r .kind "$WORK/log.jsonl" | sort | uniq -c | awk '{print $2, $1}' >"$S/kinds.txt"
# the commit of the checkout, "-dirty" when its sources differ from it
if [ -n "${GOLDEN_COMMIT:-}" ]; then
    commit=$GOLDEN_COMMIT
elif commit=$(git -C "$HERE" rev-parse --short HEAD 2>/dev/null); then
    top=$(git -C "$HERE" rev-parse --show-toplevel)
    git -C "$top" diff --quiet HEAD -- src Cargo.toml Cargo.lock data || commit="$commit-dirty"
else
    commit="unknown (not a git checkout; set GOLDEN_COMMIT)"
fi
{
    "$BIN" --version
    echo "$commit"
} >"$S/made-by.txt"

# the store, closed (every command above has exited), without its lock file and without empty
# folders (git keeps none, so the set is the same checked out as made)
mkdir -p "$OUT/store"
(cd "$A" && tar --exclude=./lock -cf - .) | (cd "$OUT/store" && tar -xf -)
find "$OUT/store" -mindepth 1 -type d -empty -delete

# every kind of event is there: the 21 of Kind::ALL at e5380f7, and any kind the checkout's
# src/store/event.rs names besides (Kind::code), so a later set covers what its build adds
# ("unknown" is not a stored kind: it names events of kinds a build cannot read). Kinds a build
# reads but no longer writes are named in RETIRED (followup.recorded since issue 16, when each
# recommendation got its own follow-up: followup.reported and followup.verified); the earlier
# sets hold them.
RETIRED=${RETIRED-followup.recorded}
kinds=(device.registered profile.added agency.upserted employee.upserted template.imported
    audit.created response.recorded phase.changed signed.off finding.raised followup.recorded
    rating.recommended finding.updated conflict.resolved file.imported rating.updated
    rating.withdrawn finding.withdrawn signoff.withdrawn response.corrected template.limits)
EVENT_RS=$HERE/../../../src/store/event.rs
if [ -f "$EVENT_RS" ]; then
    for kind in $(sed -n '/pub fn code(self)/,/^    }/p' "$EVENT_RS" | grep -o '=> "[a-z.]*"' |
        cut -d'"' -f2); do
        [ "$kind" = unknown ] && continue
        [[ " ${kinds[*]} " == *" $kind "* ]] || kinds+=("$kind")
    done
fi
missing=()
for kind in "${kinds[@]}"; do
    [[ " $RETIRED " == *" $kind "* ]] && continue
    grep -q "^$kind [1-9]" "$S/kinds.txt" || missing+=("$kind")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "$0: FAILED: no event of kind(s) ${missing[*]} in $S/kinds.txt" >&2
    exit 1
fi
say "done: $(cat "$S/events.txt") events of $(wc -l <"$S/kinds.txt") kinds in $OUT"
