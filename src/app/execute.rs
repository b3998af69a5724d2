//! The one write path: validate a command, apply it as one change, say what was written.

use chrono::{Datelike, TimeZone};

use super::command::{AssetChoice, NewReference, WriteCommand, WriteContext};
use super::error::AppError;
use super::port::CaseStore;
use super::reference::{PROPOSALS, next_reference};
use super::written::Written;
use super::{closing, entries};
use crate::bundle::BundleError;
use crate::domain::{Asset, CaseId, CaseStatus, Relation, UnknownLabel};
use crate::input::CaseDraft;
use crate::store::{Applied, AssetRef, Change, StoreError};

/// Validate `command` against `ctx` and write it in one transaction. On any error
/// nothing is written.
pub fn execute<S: CaseStore, Tz: TimeZone>(
    store: &mut S,
    command: WriteCommand,
    ctx: &WriteContext<Tz>,
) -> Result<Written, AppError> {
    let now = ctx.now;
    let zone = &ctx.zone;
    match command {
        WriteCommand::NewCase { draft, reference } => new_case(store, draft, reference, ctx),
        WriteCommand::EditCase { base, draft } => {
            let case = draft.validate(Some(&base), now, zone)?;
            if case.status == CaseStatus::Closed && base.status != CaseStatus::Closed {
                return Err(AppError::field(
                    "status",
                    format!(
                        "close a case with its closing note (c on the screen, or nhitrace case close {} --note ...)",
                        crate::sanitize::line(&base.reference)
                    ),
                ));
            }
            let status = case.status;
            let mut fields = case;
            fields.status = base.status;
            let id = fields.id;
            let reference = fields.reference.clone();
            match store.apply(
                Change::EditCase {
                    case: fields,
                    status,
                },
                now,
            )? {
                Applied::EditCase { changed, .. } => Ok(Written::CaseChanged {
                    case: id,
                    reference,
                    changed,
                }),
                _ => Err(unexpected()),
            }
        }
        WriteCommand::SetStatus { case, status } => {
            let status: CaseStatus = label("status", &status)?;
            if status == CaseStatus::Closed {
                return Err(AppError::field(
                    "status",
                    "close a case with c (it asks for a closing note)",
                ));
            }
            store.apply(Change::SetStatus { case, status }, now)?;
            Ok(Written::StatusSet { case, status })
        }
        WriteCommand::AddEntry { case, draft, proof } => {
            let record = store.case_record(case)?;
            let (entry, proof) = entries::check(
                store,
                &record,
                &draft,
                &proof,
                (now, zone, ctx.evidence_max_bytes),
            )?;
            match store.apply(Change::AddEntry { entry, proof }, now)? {
                Applied::AddEntry { entry, proof } => Ok(Written::EntryAdded { entry, proof }),
                _ => Err(unexpected()),
            }
        }
        WriteCommand::LinkAsset {
            case,
            asset,
            relation,
        } => {
            let relation: Relation = label("relation", &relation)?;
            let asset = match asset {
                AssetChoice::Id(Some(id)) => AssetRef::Id(id),
                AssetChoice::Id(None) => {
                    return Err(AppError::field("asset", "pick an asset (type to search)"));
                }
                AssetChoice::Identifier {
                    provider,
                    identifier,
                } => AssetRef::Identifier {
                    provider,
                    identifier,
                },
            };
            let change = Change::LinkAsset {
                case,
                asset,
                relation,
            };
            let asset = match store.apply(change, now) {
                Ok(Applied::LinkAsset { asset, .. }) => asset,
                Ok(_) => return Err(unexpected()),
                Err(StoreError::NoSuchAsset(name)) => {
                    return Err(AppError::field(
                        "identifier",
                        format!(
                            "no asset `{}` in this store; create it with --new",
                            crate::sanitize::line(&name)
                        ),
                    ));
                }
                Err(err) => return Err(err.into()),
            };
            let asset = linked(store, case, asset)?;
            Ok(Written::AssetLinked {
                case,
                asset,
                relation,
                created: false,
            })
        }
        WriteCommand::LinkNewAsset { case, draft } => {
            let (asset, relation) = draft.validate()?;
            let change = Change::LinkNewAsset {
                case,
                asset,
                relation,
            };
            let Applied::LinkNewAsset { asset, .. } = store.apply(change, now)? else {
                return Err(unexpected());
            };
            Ok(Written::AssetLinked {
                case,
                asset,
                relation,
                created: true,
            })
        }
        WriteCommand::UnlinkAsset { case, asset } => {
            let Some(asset) = asset else {
                return Err(AppError::field("asset", "this case has no linked asset"));
            };
            let unlinked = linked(store, case, asset)?;
            store.apply(Change::UnlinkAsset { case, asset }, now)?;
            Ok(Written::AssetUnlinked {
                case,
                asset: unlinked,
            })
        }
        WriteCommand::AddEvidence { case, draft } => {
            let user = store.os_user().to_string();
            let (evidence, bytes) = draft.validate(case, &user, now, ctx.evidence_max_bytes)?;
            match store.apply(Change::AddEvidence { evidence, bytes }, now)? {
                Applied::AddEvidence(evidence) => Ok(Written::EvidenceAdded(evidence)),
                _ => Err(unexpected()),
            }
        }
        WriteCommand::Close {
            case,
            note,
            at,
            confirmed,
        } => {
            let (change, gaps) = closing::close(
                store,
                case,
                (&note, &at, confirmed),
                (now, zone, &ctx.rules),
            )?;
            match store.apply(change, now)? {
                Applied::Close { entry, .. } => Ok(Written::CaseClosed {
                    case,
                    entry,
                    confirmed: gaps,
                }),
                _ => Err(unexpected()),
            }
        }
        WriteCommand::ImportBundle(bundle) => match store.import_bundle(&bundle, now) {
            Ok(summary) => Ok(Written::BundleImported(summary)),
            Err(BundleError::Store(error)) => Err(AppError::Store(error)),
            Err(other) => Err(AppError::refused(other.to_string())),
        },
    }
}

fn new_case<S: CaseStore, Tz: TimeZone>(
    store: &mut S,
    mut draft: CaseDraft,
    reference: NewReference,
    ctx: &WriteContext<Tz>,
) -> Result<Written, AppError> {
    let retry = reference != NewReference::Given;
    let year = match reference {
        NewReference::Next { year } => {
            draft.reference = next_of(store, year)?;
            year
        }
        _ => year_of(&draft.reference).unwrap_or_else(|| ctx.now.with_timezone(&ctx.zone).year()),
    };
    let mut attempt = 0;
    loop {
        let case = draft.validate(None, ctx.now, &ctx.zone)?;
        let taken = |store: &S, case: &crate::domain::Case| -> Result<bool, StoreError> {
            Ok(store.case_id_by_ref(&case.reference)?.is_some())
        };
        match store.apply(Change::NewCase(case.clone()), ctx.now) {
            Ok(Applied::NewCase(case)) => return Ok(Written::CaseAdded(case)),
            Ok(_) => return Err(unexpected()),
            Err(StoreError::Invalid(_)) if retry && attempt < PROPOSALS && taken(store, &case)? => {
                attempt += 1;
                draft.reference = next_of(store, year)?;
            }
            Err(err) => return Err(err.into()),
        }
    }
}

/// The year of an `NHI-<year>-…` reference.
fn year_of(reference: &str) -> Option<i32> {
    reference
        .strip_prefix("NHI-")?
        .split('-')
        .next()?
        .parse()
        .ok()
}

fn next_of<S: CaseStore>(store: &S, year: i32) -> Result<String, StoreError> {
    let references = store.references()?;
    Ok(next_reference(references.iter().map(String::as_str), year))
}

/// The asset as linked to the case.
fn linked<S: CaseStore>(
    store: &S,
    case: CaseId,
    id: crate::domain::AssetId,
) -> Result<Asset, AppError> {
    store
        .case_record(case)?
        .assets
        .into_iter()
        .find(|linked| linked.asset.id == id)
        .map(|linked| linked.asset)
        .ok_or_else(|| AppError::refused(format!("asset #{id} is not linked to this case")))
}

/// A value from a closed vocabulary, refused with the values it may take.
fn label<T: std::str::FromStr<Err = UnknownLabel>>(
    field: &'static str,
    value: &str,
) -> Result<T, AppError> {
    value.trim().parse().map_err(|err: UnknownLabel| {
        let UnknownLabel {
            value, expected, ..
        } = err;
        AppError::field(field, format!("`{value}` is not one of: {expected}"))
    })
}

fn unexpected() -> AppError {
    AppError::refused("the store answered a different change than it was given")
}
