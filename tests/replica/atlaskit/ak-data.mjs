// Token Warden test replica, Atlaskit edition: plain data shared by the Atlaskit bundles, server.mjs and
// the tests. Strings extend the hand-written replica's tables (src/data.mjs) with the keys the Atlaskit
// screens need; where a label differs from the hand-written replica's guess, the value here wins.
// Each label's public source (or "plausible guess") is listed in tests/replica/SOURCES.md.
// No secrets here: the canary token/secret live in server.mjs and only reach the page via fetch.
import { STRING_TABLES, format } from '../src/data.mjs';

export const AK_LANGS = ['en', 'de', 'ja', 'fr', 'es'];
/** Variants accepted by setVariant() for ui 'atlaskit': a language, or 'drifted' (English, other markup). */
export const AK_VARIANTS = [...AK_LANGS, 'drifted'];

/** Default org: the id is an opaque segment on purpose (not a UUID); tests may pick any other. */
export const AK_DEFAULT_ORGS = [{ id: 'acme-9Qx_2f', name: 'Acme Corp' }];

/**
 * Options a test can set with setOptions() (all optional; defaults first):
 *   createSa   'create-a' | 'create' | 'add'   "Create a service account" | "Create service account" | "Add service account"
 *   roles      'select' | 'checkbox'           app roles as one Atlaskit Select per app, or "Jira: User" checkboxes
 *   scopes     'grouped' | 'flat'              scopes grouped by product (one scope under two products) or one flat list
 *   expiry     'picker' | 'textfield'          Atlaskit DatePicker (typed or picked), or a native date Textfield
 *   secret     'text' | 'input'                one-time secret shown as text (<code>) or in a read-only input
 *   activity   'public' | 'alt' | 'redesigned' API token activity column set (see ACTIVITY_COLUMNS)
 *   listDelayMs 600                            how long GET list calls take (loading spinners, disabled buttons)
 *   orgs       [{id, name}]                    organizations (ids are opaque path segments)
 */
export const AK_DEFAULT_OPTIONS = {
  createSa: 'create-a', roles: 'select', scopes: 'grouped', expiry: 'picker', secret: 'text', activity: 'public',
  listDelayMs: 600, orgs: AK_DEFAULT_ORGS,
};
export const AK_OPTION_VALUES = {
  createSa: ['create-a', 'create', 'add'], roles: ['select', 'checkbox'], scopes: ['grouped', 'flat'],
  expiry: ['picker', 'textfield'], secret: ['text', 'input'], activity: ['public', 'alt', 'redesigned'],
};

// ---------------------------------------------------------------------------------------------
// Strings (en complete; others override and fall back to en)
// ---------------------------------------------------------------------------------------------
const en = {
  createSa_create_a: 'Create a service account', createSa_create: 'Create service account', createSa_add: 'Add service account',
  navOrgSettings: 'Organization settings', navApiKeys: 'API keys',
  saIntro: 'Service accounts are non-human accounts for automation. They can’t log in to Atlassian apps.',
  saEmpty: 'No service accounts yet', saListLabel: 'Service accounts',
  saStepDetails: 'Details', saStepRoles: 'App roles', saRolesHelp: 'Give the service account access only to the apps it needs.',
  roleNoAccess: 'No access', roleUser: 'User', roleAdmin: 'Admin', roleAgent: 'Agent',
  roleLabel: '{app}: {role}',
  saCreatedTitle: 'Service account created', saCreatedBody: '{name} was added to your organization.',
  credStepType: 'Credential type', credStepDetails: 'Details', credStepScopes: 'Scopes', credStepReview: 'Review',
  credName: 'Name', credExpiryHelp: 'Between 1 and 365 days from today.',
  credCreatedTitle: 'Credentials created',
  filterByApp: 'Filter by app', scopesFor: '{app} scopes',
  secretOnceNote: 'Copy these credentials now. You won’t be able to see them again.',
  apiTokenLabel: 'API token',
  colTokenName: 'Token name', colTokenType: 'Token type', colCreatedBy: 'Created by', colUser: 'User',
  colTokenStatus: 'Status', withScopes: 'With scopes', withoutScopes: 'Without scopes',
  colCredential: 'Credential', colHeldBy: 'Held by', colActivity: 'Activity',
  filterTokenType: 'Token type', filterLastUsed: 'Last used', anyType: 'All token types', anyTime: 'Any time',
  usedLast30: 'In the last 30 days', notUsed90: 'Not in the last 90 days', neverUsed: 'Never used',
  exportTokens: 'Export token list', activityEmpty: 'Users have no user API tokens',
  statusActive: 'Active', statusExpiringSoon: 'Expires soon',
  activityIntro: 'See the API tokens that managed users created and when they were last used.',
  apiKeysIntro: 'API keys let scripts call the organization REST API.',
  copy: 'Copy to clipboard', copied: 'Copied to clipboard',
  tokensListLabel: 'API tokens', loadingTokens: 'Loading API tokens',
  scopedStepName: 'Name and expiry', scopedStepApp: 'App', scopedStepScopes: 'Scopes', scopedStepReview: 'Review',
  expiresOn: 'Expires on', scopedTitle: 'Create an API token with scopes', createTokenBtn: 'Create token',
  tokenCreatedTitle: 'API token created',
  overviewBody: 'Your organization at a glance.',
};

const de = {
  // plausible guesses (no localized Atlassian copy found)
  createSa_create_a: 'Dienstkonto erstellen', createSa_create: 'Dienstkonto erstellen', createSa_add: 'Dienstkonto hinzufügen',
  navOrgSettings: 'Organisationseinstellungen', navApiKeys: 'API-Schlüssel',
  saEmpty: 'Noch keine Dienstkonten', saListLabel: 'Dienstkonten',
  saStepDetails: 'Details', saStepRoles: 'App-Rollen', saRolesHelp: 'Gib dem Dienstkonto nur Zugriff auf die Apps, die es braucht.',
  roleNoAccess: 'Kein Zugriff', roleUser: 'Benutzer', roleAdmin: 'Administrator', roleAgent: 'Agent',
  saCreatedTitle: 'Dienstkonto erstellt', saCreatedBody: '{name} wurde deiner Organisation hinzugefügt.',
  credStepType: 'Art der Anmeldedaten', credStepDetails: 'Details', credStepScopes: 'Bereiche', credStepReview: 'Überprüfen',
  credName: 'Name', credExpiryHelp: 'Zwischen 1 und 365 Tagen ab heute.', credCreatedTitle: 'Anmeldedaten erstellt',
  filterByApp: 'Nach App filtern', scopesFor: 'Bereiche für {app}',
  secretOnceNote: 'Kopiere diese Anmeldedaten jetzt. Du kannst sie später nicht mehr sehen.',
  apiTokenLabel: 'API-Token',
  colTokenName: 'Token-Name', colTokenType: 'Token-Typ', colCreatedBy: 'Erstellt von', colUser: 'Benutzer',
  colTokenStatus: 'Status', withScopes: 'Mit Bereichen', withoutScopes: 'Ohne Bereiche',
  filterTokenType: 'Token-Typ', filterLastUsed: 'Zuletzt verwendet', anyType: 'Alle Token-Typen', anyTime: 'Beliebig',
  usedLast30: 'In den letzten 30 Tagen', notUsed90: 'Nicht in den letzten 90 Tagen', neverUsed: 'Nie verwendet',
  exportTokens: 'Token-Liste exportieren', activityEmpty: 'Benutzer haben keine API-Token',
  statusActive: 'Aktiv', statusExpiringSoon: 'Läuft bald ab',
  activityIntro: 'Sieh dir an, welche API-Token verwaltete Benutzer erstellt haben und wann sie zuletzt verwendet wurden.',
  copy: 'In die Zwischenablage kopieren', copied: 'In die Zwischenablage kopiert',
  tokensListLabel: 'API-Token', loadingTokens: 'API-Token werden geladen',
  scopedStepName: 'Name und Ablauf', scopedStepApp: 'App', scopedStepScopes: 'Bereiche', scopedStepReview: 'Überprüfen',
  expiresOn: 'Läuft ab am', scopedTitle: 'API-Token mit Bereichen erstellen', createTokenBtn: 'Token erstellen',
  tokenCreatedTitle: 'API-Token erstellt',
};

const ja = {
  // Confirmed by support.atlassian.com/ja/bitbucket-cloud/docs/create-an-api-token/:
  //   「スコープ付き API トークンを作成」, 「次へ」 (src/data.mjs), 「トークンを作成」 (src/data.mjs), 「セキュリティ」.
  createScopedToken: 'スコープ付き API トークンを作成', scopedTitle: 'スコープ付き API トークンを作成',
  createTokenBtn: 'トークンを作成',
  // The rest are plausible guesses (no Japanese copy of these screens found).
  createSa_create_a: 'サービス アカウントを作成', createSa_create: 'サービス アカウントを作成', createSa_add: 'サービス アカウントを追加',
  navOrgSettings: '組織の設定', navApiKeys: 'API キー',
  saEmpty: 'サービス アカウントはまだありません', saListLabel: 'サービス アカウント',
  saStepDetails: '詳細', saStepRoles: 'アプリのロール', saRolesHelp: '必要なアプリにのみアクセス権を付与してください。',
  roleNoAccess: 'アクセス権なし', roleUser: 'ユーザー', roleAdmin: '管理者', roleAgent: 'エージェント',
  saCreatedTitle: 'サービス アカウントを作成しました', saCreatedBody: '{name} を組織に追加しました。',
  credStepType: '認証情報の種類', credStepDetails: '詳細', credStepScopes: 'スコープ', credStepReview: '確認',
  credName: '名前', credExpiryHelp: '今日から 1～365 日の間。', credCreatedTitle: '認証情報を作成しました',
  filterByApp: 'アプリで絞り込む', scopesFor: '{app} のスコープ',
  secretOnceNote: '今すぐ認証情報をコピーしてください。再表示することはできません。',
  apiTokenLabel: 'API トークン',
  colTokenName: 'トークン名', colTokenType: 'トークンの種類', colCreatedBy: '作成者', colUser: 'ユーザー',
  colTokenStatus: 'ステータス', withScopes: 'スコープあり', withoutScopes: 'スコープなし',
  filterTokenType: 'トークンの種類', filterLastUsed: '最終使用日', anyType: 'すべての種類', anyTime: 'すべての期間',
  usedLast30: '過去 30 日以内', notUsed90: '過去 90 日間未使用', neverUsed: '未使用',
  exportTokens: 'トークン リストをエクスポート', activityEmpty: 'ユーザーのユーザー API トークンはありません',
  statusActive: '有効', statusExpiringSoon: 'まもなく期限切れ',
  activityIntro: '管理対象ユーザーが作成した API トークンと最終使用日を確認できます。',
  tokensListLabel: 'API トークン', loadingTokens: 'API トークンを読み込み中',
  scopedStepName: '名前と有効期限', scopedStepApp: 'アプリ', scopedStepScopes: 'スコープ', scopedStepReview: '確認',
  tokenCreatedTitle: 'API トークンを作成しました',
};

// fr/es: plausible guesses for the few keys below; others fall back to English (as in src/data.mjs).
const fr = { createScopedToken: 'Créer un jeton d\'API avec des portées', scopedTitle: 'Créer un jeton d\'API avec des portées', expiresOn: 'Expire le', createTokenBtn: 'Créer le jeton' };
const es = { createScopedToken: 'Crear token de API con ámbitos', scopedTitle: 'Crear token de API con ámbitos', expiresOn: 'Caduca el', createTokenBtn: 'Crear token' };

const AK_TABLES = { en, de, ja, fr, es };

export function akLang(variant) { return AK_LANGS.includes(variant) ? variant : 'en'; }

/** Resolved string table: hand-written replica's en + lang, then the Atlaskit en + lang on top. */
export function akStrings(variant = 'en') {
  const lang = akLang(variant);
  return { ...STRING_TABLES.en, ...(STRING_TABLES[lang] || {}), ...en, ...AK_TABLES[lang] };
}
export { format };

/** Label of the create-service-account button for an option value. */
export function createSaLabel(S, opt = 'create-a') { return S[`createSa_${opt.replace('-', '_')}`]; }

// ---------------------------------------------------------------------------------------------
// Apps, roles, scopes
// ---------------------------------------------------------------------------------------------
/** Apps a service account can get a role in. Role ids are `app:role`. JSM's user role is "Agent". */
export const SA_APPS = [
  { id: 'jira', name: 'Jira', roles: ['user', 'admin'] },
  { id: 'confluence', name: 'Confluence', roles: ['user', 'admin'] },
  { id: 'jsm', name: 'Jira Service Management', roles: ['agent', 'admin'] },
  { id: 'bitbucket', name: 'Bitbucket', roles: ['user', 'admin'] },
];
export const ROLE_KEYS = { user: 'roleUser', admin: 'roleAdmin', agent: 'roleAgent' };

/**
 * Scopes for service-account credentials, grouped by product. JSM uses the Jira platform REST API, so
 * read:jira-work / write:jira-work / read:jira-user appear under both Jira and Jira Service Management,
 * as in Atlassian's developer console scope lists.
 */
export const SA_SCOPE_GROUPS = [
  { id: 'jira', name: 'Jira', scopes: ['read:jira-work', 'write:jira-work', 'read:jira-user', 'manage:jira-project', 'manage:jira-configuration', 'manage:jira-webhook', 'read:issue:jira', 'write:issue:jira', 'read:project:jira'] },
  { id: 'jsm', name: 'Jira Service Management', scopes: ['read:jira-work', 'write:jira-work', 'read:jira-user', 'read:servicedesk-request', 'write:servicedesk-request', 'manage:servicedesk-customer', 'read:request:jira-service-management', 'write:request:jira-service-management'] },
  { id: 'confluence', name: 'Confluence', scopes: ['read:page:confluence', 'write:page:confluence', 'read:space:confluence', 'read:comment:confluence', 'write:comment:confluence', 'search:confluence', 'read:confluence-content.all'] },
  { id: 'mcp', name: 'Rovo MCP', scopes: ['read:jira-work', 'read:page:confluence', 'search:confluence'] },
  { id: 'atlassian', name: 'Atlassian', scopes: ['read:me', 'read:account'] },
];
/** Every distinct scope, in first-seen order (the 'flat' option lists these once each). */
export const SA_SCOPES_FLAT = [...new Set(SA_SCOPE_GROUPS.flatMap((g) => g.scopes))];

/** Apps of the personal scoped-token wizard; `aliases` are other appId values that select the same app. */
export const AK_TOKEN_APPS = [
  { id: 'jira', name: 'Jira', aliases: [] },
  { id: 'confluence', name: 'Confluence', aliases: [] },
  { id: 'bitbucket', name: 'Bitbucket', aliases: [] },
  { id: 'mcp', name: 'Rovo MCP', aliases: ['mcp-v2'] },
  { id: 'rovodev', name: 'Rovo Dev', aliases: [] },
];
export const AK_PERSONAL_SCOPES = {
  jira: ['read:jira-work', 'write:jira-work', 'read:jira-user', 'manage:jira-project', 'read:issue:jira', 'write:issue:jira', 'read:project:jira', 'read:sprint:jira-software'],
  confluence: ['read:page:confluence', 'write:page:confluence', 'read:space:confluence', 'read:comment:confluence', 'search:confluence'],
  bitbucket: ['read:repository:bitbucket', 'write:repository:bitbucket', 'admin:repository:bitbucket', 'read:pullrequest:bitbucket', 'write:pullrequest:bitbucket', 'read:pipeline:bitbucket', 'read:workspace:bitbucket', 'read:user:bitbucket'],
  mcp: ['read:jira-work', 'write:jira-work', 'read:page:confluence', 'write:page:confluence', 'search:confluence', 'read:me', 'offline_access'],
  rovodev: ['read:jira-work', 'write:jira-work', 'read:page:confluence', 'read:repository:bitbucket', 'read:me'],
};

/** API token activity column sets: 'public' follows the public copy; 'alt' is another plausible set and order. */
export const ACTIVITY_COLUMNS = {
  public: ['tokenName', 'tokenType', 'createdBy', 'lastUsed', 'expires', 'actions'],
  alt: ['user', 'tokenName', 'status', 'lastUsed', 'created', 'expires', 'actions'],
  // A redesign no reader of ours knows (what a future Atlassian page might show): the same facts
  // under other column words, for the "not recognised" diagnostic.
  redesigned: ['credential', 'heldBy', 'activity', 'actions'],
};

/** Admin paths for the Atlaskit app (drifted moves service accounts under /members/, an older real prefix). */
export function akAdminPaths(orgId, drifted = false) {
  const o = `/o/${encodeURIComponent(orgId)}`;
  const sa = drifted ? `${o}/members/service-accounts` : `${o}/directory/service-accounts`;
  return {
    overview: `${o}/overview`, users: `${o}/users`, groups: `${o}/groups`, serviceAccounts: sa,
    serviceAccount: (id) => `${sa}/${encodeURIComponent(id)}`, tokenActivity: `${o}/insights/api-token-activity`,
    apiKeys: `${o}/settings/api-keys`,
  };
}

export const DAY_MS = 86400000;
/** yyyy-mm-dd of local today + n days. */
export function isoInDays(n, now = Date.now()) {
  const d = new Date(now + n * DAY_MS);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
