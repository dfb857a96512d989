//! Tests of the record forms and payload versions.

use super::*;
use crate::domain::model::Agency;
use crate::store::event::GENESIS;

fn body(seq: u64, payload: Payload) -> EventBody {
    EventBody {
        id: Id::from_u128(seq as u128),
        device: Id::from_u128(7),
        seq,
        actor: Id::from_u128(9),
        at_ms: 1_764_000_000_000 + seq as i64,
        base: None,
        payload,
    }
}

fn agency() -> Payload {
    Payload::AgencyUpserted(Agency {
        code: "DINKES".into(),
        name: "Dinas Kesehatan".into(),
        kind: "Dinas".into(),
        region: "Kabupaten Sukamaju".into(),
    })
}

#[test]
fn a_new_event_reads_back_from_its_record_and_its_entry_byte_for_byte() {
    let e = Event::seal(body(1, agency()), GENESIS).unwrap();
    let (flags, bytes) = event_record(&e).unwrap();
    assert_eq!(flags, journal::FLAG_FORM2);
    let Entry::Event(back) = from_record(flags, &bytes).unwrap() else {
        panic!("not an event")
    };
    assert_eq!(back, e);
    assert!(back.hashes_match().unwrap());
    let entry = encode_entry(&Entry::Event(e.clone())).unwrap();
    assert_eq!(entry[0], TAG_FORM2);
    assert_eq!(decode_entry(&entry).unwrap(), Entry::Event(e));
}

/// The bytes the build before issue 14 wrote for an event: bincode of its format-1 body and the
/// three hashes.
fn form1_bytes(payload: v1::Payload, prev: Hash) -> (Vec<u8>, Hash) {
    let b = v1::EventBody {
        id: Id::from_u128(1),
        device: Id::from_u128(7),
        seq: 1,
        actor: Id::from_u128(9),
        at_ms: 1_764_000_000_000,
        base: None,
        payload,
    };
    let body = codec::encode(&b).unwrap();
    let content = *blake3::hash(&body).as_bytes();
    let hash = crate::store::event::chain_hash(&prev, &content);
    let mut out = body;
    out.extend(content);
    out.extend(prev);
    out.extend(hash);
    (out, hash)
}

#[test]
fn a_form1_event_keeps_its_bytes_and_hash() {
    let (bytes, hash) = form1_bytes(
        v1::Payload::AgencyUpserted(v1::Agency {
            code: "DINKES".into(),
            name: "Dinas Kesehatan".into(),
            kind: "Dinas".into(),
            region: "Kabupaten Sukamaju".into(),
        }),
        GENESIS,
    );
    let Entry::Event(e) = from_record(0, &bytes).unwrap() else {
        panic!("not an event")
    };
    assert_eq!(e.stored.form, Form::One);
    assert_eq!(e.hash, hash);
    assert!(e.hashes_match().unwrap());
    assert_eq!(e.body.payload, agency());
    assert_eq!(encode_event(&e).unwrap(), bytes);
    // a findings file of format 1 tagged it 0 (bincode's first variant of its entry enum)
    let mut tagged = vec![TAG_FORM1];
    tagged.extend(&bytes);
    assert_eq!(encode_entry(&Entry::Event(e)).unwrap(), tagged);
}

#[test]
fn every_kind_of_today_round_trips_through_its_payload_version() {
    for p in crate::store::wire::tests::samples() {
        let (kind, version, data) = encode_payload(&p).unwrap();
        assert_eq!(kind, p.kind() as u16);
        assert_eq!(version, current_version(p.kind()));
        assert_eq!(decode_payload(kind, version, p.audit(), data).unwrap(), p);
    }
}

#[test]
fn a_kind_or_version_from_a_newer_build_stays_opaque_and_keeps_its_bytes() {
    let audit = Id::from_u128(42);
    let future = Payload::Unknown(Unknown {
        kind: 200,
        version: 1,
        audit: Some(audit),
        data: vec![1, 2, 3],
    });
    let e = Event::seal(body(1, future.clone()), GENESIS).unwrap();
    let (flags, bytes) = event_record(&e).unwrap();
    let Entry::Event(back) = from_record(flags, &bytes).unwrap() else {
        panic!("not an event")
    };
    assert_eq!(back.body.payload, future);
    assert_eq!(back.body.payload.audit(), Some(audit));
    assert!(back.hashes_match().unwrap());
    assert_eq!(encode_event(&back).unwrap(), bytes);
    // a later version of a known kind, too
    let later = decode_payload(Kind::FindingRaised as u16, 9, None, vec![0xFF]).unwrap();
    assert!(matches!(
        later,
        Payload::Unknown(Unknown { version: 9, .. })
    ));
    // a resolution whose value is unknown is unknown as a whole
    let r = codec::encode(&ResolvedV2 {
        merged: vec![[3u8; 32]],
        value: Nested {
            kind: 200,
            version: 1,
            data: vec![],
        },
    })
    .unwrap();
    let p = decode_payload(Kind::ConflictResolved as u16, 2, None, r).unwrap();
    assert!(matches!(p, Payload::Unknown(Unknown { kind: 14, .. })));
}

#[test]
fn fields_a_later_build_appends_to_the_envelope_are_kept_and_ignored() {
    let e = Event::seal(body(1, agency()), GENESIS).unwrap();
    let mut body_bytes = e.stored.body.clone();
    body_bytes.extend([9, 9, 9]);
    let content = *blake3::hash(&body_bytes).as_bytes();
    let sealed = Sealed {
        body: body_bytes.clone(),
        prev_hash: GENESIS,
        hash: crate::store::event::chain_hash(&GENESIS, &content),
        trailer: vec![7],
    };
    let bytes = codec::encode(&sealed).unwrap();
    let back = decode_form2(&bytes).unwrap();
    assert_eq!(back.body, e.body);
    assert!(back.hashes_match().unwrap());
    assert_eq!(back.stored.body, body_bytes);
    assert_eq!(encode_event(&back).unwrap(), bytes);
}

#[test]
fn damaged_records_are_errors_not_panics() {
    let e = Event::seal(body(1, agency()), GENESIS).unwrap();
    let (flags, bytes) = event_record(&e).unwrap();
    for cut in 0..bytes.len() {
        assert!(from_record(flags, &bytes[..cut]).is_err(), "cut at {cut}");
    }
    assert!(decode_entry(&[]).is_err());
    assert!(decode_entry(&[7, 1, 2]).is_err());
    // a known version whose data is not that version's is damage, not a newer build's event
    assert!(decode_payload(Kind::AgencyUpserted as u16, 1, None, vec![0xFF; 3]).is_err());
}

/// One payload of every kind this build knows.
pub(crate) fn samples() -> Vec<Payload> {
    use crate::domain::followup::{Berakhlak, FollowUpAction, FollowUpStatus, Severity};
    use crate::domain::model::{
        Employee, EmploymentKind, Evidence, FindingContent, Profile, RatingContent,
    };
    use crate::domain::nip::Nip;
    use crate::domain::period::Period;
    use crate::domain::phase::{Phase, Role};
    use crate::domain::rating::RatingLevel;
    use crate::domain::score::Answer;
    use crate::domain::template::{AnswerKind, Item, NumberLimit, Section, Template};
    let id = Id::from_u128;
    let nip = || Nip::from_stored("198609262015051001".into());
    let finding = |updated: bool| {
        let (items, title) = (
            vec!["SP-01".to_string()],
            "SOP belum ditetapkan".to_string(),
        );
        let (kondisi, kriteria) = ("Belum ada SOP".to_string(), "Permenpan".to_string());
        let (sebab, akibat) = ("Lalai".to_string(), "Layanan lambat".to_string());
        let (rekomendasi, tanggapan) = ("Tetapkan SOP".to_string(), String::new());
        if updated {
            Payload::FindingUpdated {
                id: id(5),
                audit: id(4),
                content: FindingContent {
                    items,
                    title,
                    kondisi,
                    kriteria,
                    sebab,
                    akibat,
                    rekomendasi,
                    tanggapan,
                    severity: Severity::High,
                    nips: vec![nip()],
                },
            }
        } else {
            Payload::FindingRaised {
                id: id(5),
                audit: id(4),
                content: FindingContent {
                    items,
                    title,
                    kondisi,
                    kriteria,
                    sebab,
                    akibat,
                    rekomendasi,
                    tanggapan,
                    severity: Severity::Medium,
                    nips: vec![nip()],
                },
            }
        }
    };
    let mut out = vec![
        Payload::DeviceRegistered {
            public_key: [1; 32],
            name: "laptop-1".into(),
        },
        Payload::ProfileAdded(Profile {
            id: id(1),
            name: "Budi Santoso".into(),
            nip: Some(nip()),
            role: Role::Lead,
        }),
        agency(),
        Payload::EmployeeUpserted(Employee {
            nip: nip(),
            name: "Siti Aminah".into(),
            position: "Analis".into(),
            rank: "III/c".into(),
            unit: "Sekretariat".into(),
            agency: "DINKES".into(),
            kind: EmploymentKind::Pppk,
        }),
        Payload::TemplateImported {
            hash: [2; 32],
            template: Template {
                id: "sakip".into(),
                title: "SAKIP".into(),
                version: "2024".into(),
                description: String::new(),
                sections: vec![Section {
                    code: "A".into(),
                    title: "Perencanaan".into(),
                    items: vec![Item {
                        code: "A-01".into(),
                        text: "Renstra".into(),
                        guidance: String::new(),
                        criteria: "Permenpan 88/2021".into(),
                        weight: 3,
                        answer: AnswerKind::Number,
                        evidence_required: true,
                    }],
                }],
            },
        },
        Payload::AuditCreated {
            id: id(4),
            title: "Evaluasi SAKIP".into(),
            agency: "DINKES".into(),
            template_id: "sakip".into(),
            template_hash: [2; 32],
            letter: Some("700/01/ST/2026".into()),
            period: Some(Period::Quarter(2026, 3)),
        },
        Payload::ResponseRecorded {
            audit: id(4),
            item: "A-01".into(),
            answer: Some(Answer::Number(79.5)),
            note: "cek".into(),
            evidence: vec![Evidence {
                name: "renstra.pdf".into(),
                sha256: [3; 32],
                note: String::new(),
            }],
        },
        Payload::PhaseChanged {
            audit: id(4),
            from: Phase::Final,
            to: Phase::Review,
            reason: Some("koreksi".into()),
            followup_days: Some(60),
        },
        Payload::SignedOff {
            audit: id(4),
            role: Role::Quality,
            state_hash: [4; 32],
        },
        finding(false),
        Payload::FollowUpRecorded {
            finding: id(5),
            audit: id(4),
            status: FollowUpStatus::TidakDapat,
            note: "alasan sah".into(),
            due: chrono::NaiveDate::from_ymd_opt(2027, 2, 1),
        },
        Payload::RatingRecommended {
            id: id(6),
            audit: id(4),
            content: RatingContent {
                nip: nip(),
                period: Period::Year(2026),
                hasil: RatingLevel::Below,
                perilaku: RatingLevel::Meets,
                berakhlak: vec![(Berakhlak::Akuntabel, "tepat waktu".into())],
                justification: "temuan".into(),
                findings: vec![id(5)],
                action: FollowUpAction::Disiplin(
                    crate::domain::followup::DisciplinePenalty::TeguranTertulis,
                ),
            },
        },
        finding(true),
    ];
    out.push(Payload::ConflictResolved {
        merged: vec![[5; 32], [6; 32]],
        value: Box::new(finding(true)),
    });
    out.extend([
        Payload::FileImported {
            file_hash: [7; 32],
            sender: id(8),
            sender_name: "laptop-2".into(),
            sender_key: [8; 32],
            audit: id(4),
            events: 10,
            stubs: 2,
            encrypted: true,
        },
        Payload::RatingUpdated {
            id: id(6),
            audit: id(4),
            reason: "salah ketik".into(),
            content: RatingContent {
                nip: nip(),
                period: Period::Month(2026, 11),
                hasil: RatingLevel::Above,
                perilaku: RatingLevel::Above,
                berakhlak: vec![],
                justification: "perbaikan".into(),
                findings: vec![],
                action: FollowUpAction::Pelatihan,
            },
        },
        Payload::RatingWithdrawn {
            id: id(6),
            audit: id(4),
            reason: "ganda".into(),
        },
        Payload::FindingWithdrawn {
            id: id(5),
            audit: id(4),
            reason: "bukan temuan".into(),
        },
        Payload::SignOffWithdrawn {
            audit: id(4),
            role: Role::Technical,
            reason: "belum lengkap".into(),
        },
        Payload::ResponseCorrected {
            audit: id(4),
            item: "A-01".into(),
            answer: None,
            note: String::new(),
            evidence: vec![],
            reason: "salah pilih".into(),
        },
        Payload::TemplateLimits {
            hash: [2; 32],
            limits: vec![NumberLimit {
                item: "A-01".into(),
                min: Some(25.0),
                max: Some(100.0),
            }],
        },
    ]);
    // one of every kind, in kind order
    let kinds: Vec<Kind> = out.iter().map(Payload::kind).collect();
    assert_eq!(kinds, Kind::ALL.to_vec());
    out
}
