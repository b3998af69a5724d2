//! `nhitrace asset link REF ...` and `nhitrace asset unlink REF --identifier ID`.

use clap::{Args, Subcommand};

use super::entry::linked_asset;
use super::output::{self, Written};
use super::writable_store;
use super::{Context, FormatArg, Need, case_record, field, label, one_line, optional_line};
use crate::cli::CliError;
use crate::domain::{Asset, AssetId, AssetKind, AssetStatus, Relation};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum AssetCommand {
    /// Link an existing asset to a case, or create one with --new and link it.
    Link(AssetLinkArgs),
    /// Remove an asset's link to a case (the asset itself stays).
    Unlink(AssetUnlinkArgs),
}

#[derive(Debug, Clone, Args)]
pub struct AssetLinkArgs {
    /// The case, e.g. NHI-2026-0042.
    pub reference: String,
    /// The asset's identifier at its provider (ARN, client id, key id, fingerprint...).
    #[arg(long, value_name = "ID")]
    pub identifier: String,
    /// The asset's provider (aws, gcp, github...); needed when the identifier is ambiguous.
    #[arg(long)]
    pub provider: Option<String>,
    /// Create the asset (needs --kind, --name, --provider).
    #[arg(long)]
    pub new: bool,
    /// service_account, access_key, api_token, certificate, oauth_app, ssh_key, role,
    /// secret, workload_identity.
    #[arg(long, requires = "new")]
    pub kind: Option<String>,
    /// A readable name.
    #[arg(long, requires = "new")]
    pub name: Option<String>,
    /// Environment (prod, staging...).
    #[arg(long, requires = "new")]
    pub environment: Option<String>,
    /// Owning team or person.
    #[arg(long, requires = "new")]
    pub owner: Option<String>,
    /// affected or related.
    #[arg(long, default_value = "affected")]
    pub relation: String,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Clone, Args)]
pub struct AssetUnlinkArgs {
    /// The case, e.g. NHI-2026-0042.
    pub reference: String,
    /// The identifier of the linked asset.
    #[arg(long, value_name = "ID")]
    pub identifier: String,
    #[command(flatten)]
    pub format: FormatArg,
}

pub(super) fn link(ctx: &Context<'_>, args: &AssetLinkArgs) -> Result<u8, CliError> {
    let mut store = writable_store(ctx.store, Need::Existing)?;
    let record = case_record(&store, &args.reference)?;
    let relation: Relation = label("relation", &args.relation)?;
    let identifier = one_line("identifier", &args.identifier)?;
    let provider = optional_line("provider", args.provider.as_deref())?;
    let case = record.case.id;
    let (asset, created) = if args.new {
        let mut asset = new_asset(args, identifier, provider)?;
        store.write(|w| {
            let id = w.insert_asset(&mut asset)?;
            w.link_asset(case, id, relation)
        })?;
        (asset, true)
    } else {
        let id = match provider {
            Some(provider) => store
                .write(|w| {
                    let id = w.asset_id_by_identifier(&provider, &identifier)?;
                    if let Some(id) = id {
                        w.link_asset(case, id, relation)?;
                    }
                    Ok(id)
                })?
                .ok_or_else(|| unknown(&identifier))?,
            None => {
                let id = known_asset(&store, &identifier)?;
                store.write(|w| w.link_asset(case, id, relation))?;
                id
            }
        };
        (linked(&store, case, id)?, false)
    };
    output::print(
        &args.format,
        &Written::AssetLinked {
            reference: &record.case.reference,
            asset: &asset,
            relation,
            created,
        },
    )
}

pub(super) fn unlink(ctx: &Context<'_>, args: &AssetUnlinkArgs) -> Result<u8, CliError> {
    let mut store = writable_store(ctx.store, Need::Existing)?;
    let record = case_record(&store, &args.reference)?;
    let id = linked_asset(&record, "identifier", &args.identifier)?;
    store.write(|w| w.unlink_asset(record.case.id, id))?;
    let asset = record
        .assets
        .iter()
        .find(|linked| linked.asset.id == id)
        .map(|linked| linked.asset.clone())
        .ok_or_else(|| unknown(&args.identifier))?;
    output::print(
        &args.format,
        &Written::AssetUnlinked {
            reference: &record.case.reference,
            asset: &asset,
        },
    )
}

fn new_asset(
    args: &AssetLinkArgs,
    identifier: String,
    provider: Option<String>,
) -> Result<Asset, CliError> {
    let kind: AssetKind = match &args.kind {
        Some(kind) => label("kind", kind)?,
        None => return Err(field("kind", "is required with --new")),
    };
    let name = one_line("name", args.name.as_deref().unwrap_or_default())?;
    let provider = provider.ok_or_else(|| field("provider", "is required with --new"))?;
    Ok(Asset {
        id: 0,
        kind,
        name,
        identifier,
        provider,
        environment: optional_line("environment", args.environment.as_deref())?,
        owner: optional_line("owner", args.owner.as_deref())?,
        status: AssetStatus::Active,
        created_at: None,
        last_rotated_at: None,
        expires_at: None,
        consumers: Vec::new(),
    })
}

/// The one asset known to the store (linked to any case) with this identifier.
fn known_asset(store: &Store, identifier: &str) -> Result<AssetId, CliError> {
    let mut ids: Vec<AssetId> = store
        .all_records()?
        .iter()
        .flat_map(|record| &record.assets)
        .filter(|linked| linked.asset.identifier == identifier)
        .map(|linked| linked.asset.id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    match ids.as_slice() {
        [id] => Ok(*id),
        [] => Err(unknown(identifier)),
        _ => Err(field(
            "provider",
            format!(
                "several providers have an asset `{}`; name one with --provider",
                crate::sanitize::line(identifier)
            ),
        )),
    }
}

fn unknown(identifier: &str) -> CliError {
    field(
        "identifier",
        format!(
            "no asset `{}` in this store; pass --provider, or create it with --new",
            crate::sanitize::line(identifier)
        ),
    )
}

/// The asset as now linked to the case.
fn linked(store: &Store, case: crate::domain::CaseId, id: AssetId) -> Result<Asset, CliError> {
    store
        .case_record(case)?
        .assets
        .into_iter()
        .find(|linked| linked.asset.id == id)
        .map(|linked| linked.asset)
        .ok_or_else(|| CliError::Usage(format!("asset #{id} is not linked after linking")))
}
