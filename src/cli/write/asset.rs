//! `nhitrace asset link REF ...` and `nhitrace asset unlink REF --identifier ID`.

use clap::{Args, Subcommand};

use super::entry::linked_asset;
use super::output::{self, Written};
use super::{Context, FormatArg, Need, case_record, execute, field, label, one_line};
use super::{optional_line, unexpected, writable_store};
use crate::app::{self, AssetChoice, WriteCommand};
use crate::cli::CliError;
use crate::domain::{AssetId, AssetKind, Relation};
use crate::input::AssetDraft;
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
    let command = if args.new {
        WriteCommand::LinkNewAsset {
            case,
            draft: new_asset(args, identifier, provider, relation)?,
        }
    } else {
        let asset = match provider {
            Some(provider) => AssetChoice::Identifier {
                provider,
                identifier,
            },
            None => AssetChoice::Id(Some(known_asset(&store, &identifier)?)),
        };
        WriteCommand::LinkAsset {
            case,
            asset,
            relation: relation.as_str().to_string(),
        }
    };
    let app::Written::AssetLinked {
        asset,
        relation,
        created,
        ..
    } = execute(ctx, &mut store, command)?
    else {
        return Err(unexpected());
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
    let command = WriteCommand::UnlinkAsset {
        case: record.case.id,
        asset: Some(id),
    };
    let app::Written::AssetUnlinked { asset, .. } = execute(ctx, &mut store, command)? else {
        return Err(unexpected());
    };
    output::print(
        &args.format,
        &Written::AssetUnlinked {
            reference: &record.case.reference,
            asset: &asset,
        },
    )
}

/// The new asset as a draft for the application layer; what only the command line
/// requires (`--kind` and `--provider` with `--new`) is checked here first.
fn new_asset(
    args: &AssetLinkArgs,
    identifier: String,
    provider: Option<String>,
    relation: Relation,
) -> Result<AssetDraft, CliError> {
    let kind: AssetKind = match &args.kind {
        Some(kind) => label("kind", kind)?,
        None => return Err(field("kind", "is required with --new")),
    };
    let name = one_line("name", args.name.as_deref().unwrap_or_default())?;
    let provider = provider.ok_or_else(|| field("provider", "is required with --new"))?;
    Ok(AssetDraft {
        kind: kind.as_str().to_string(),
        name,
        identifier,
        provider,
        environment: optional_line("environment", args.environment.as_deref())?.unwrap_or_default(),
        owner: optional_line("owner", args.owner.as_deref())?.unwrap_or_default(),
        relation: relation.as_str().to_string(),
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
