// Token Warden test replica: plain data shared by the React bundles, the server and the tests.
// UI string tables per language (the extension matches some of these texts, so the button names
// for the id.atlassian.com create buttons are exact), scope lists and the fixed org constants.
// No secrets here: the canary token/secret live in server.mjs and only reach the page via fetch.

export const ORG_ID = '6a1b2c3d-0000-4000-8000-00000000c0de';
export const ORG_NAME = 'Acme Corp';
export const SERVICE_ACCOUNT_LIMIT = 5; // free plan

export const VARIANTS = ['en', 'de', 'fr', 'es', 'ja', 'drifted', 'unknown-text'];

/** Language used by a variant (drifted and unknown-text are English). */
export function variantLang(variant) {
  return ['de', 'fr', 'es', 'ja'].includes(variant) ? variant : 'en';
}

// ---------------------------------------------------------------------------------------------
// Strings. `en` is complete; other languages override keys and fall back to `en`.
// ---------------------------------------------------------------------------------------------
const en = {
  // shared
  cancel: 'Cancel', next: 'Next', back: 'Back', done: 'Done', create: 'Create',
  copy: 'Copy to clipboard', copied: 'Copied!', never: 'Never', revoke: 'Revoke',
  name: 'Name', expiresOn: 'Expires on', scopes: 'Scopes', review: 'Review',
  searchScopes: 'Search scopes', noScopesMatch: 'No scopes match your search.',
  selectedCount: '{n} selected', stepOf: 'Step {n} of {total}', close: 'Close',
  expiryRange: 'Choose a date between tomorrow and one year from today.',
  notFound: 'Page not found', notFoundBody: 'We couldn’t find the page you were looking for.',
  loading: 'Loading…',
  // id.atlassian.com
  idProduct: 'Atlassian account', accountNav: 'Account settings',
  navProfile: 'Profile and visibility', navSecurity: 'Security', navApiTokens: 'API tokens',
  profileHeading: 'Profile and visibility', profileIntro: 'Manage your personal information, and control which information other people see.',
  fullName: 'Full name', emailAddress: 'Email address',
  securityHeading: 'Security', securityApiTokens: 'API tokens',
  securityApiTokensBody: 'A script or other process can use an API token to perform basic authentication with Jira Cloud applications or Confluence Cloud.',
  securityManageLink: 'Create and manage API tokens',
  apiTokensHeading: 'API tokens',
  apiTokensIntro: 'A script or other process can use an API token to perform basic authentication with Jira Cloud applications, Confluence Cloud or Bitbucket Cloud. You must use an API token if the Atlassian account you authenticate with has had two-step verification enabled. You should treat API tokens as securely as any other password.',
  createToken: 'Create API token', createScopedToken: 'Create API token with scopes',
  colLabel: 'Label', colCreated: 'Created', colExpires: 'Expires', colLastUsed: 'Last used', colActions: 'Actions',
  tokensTableCaption: 'Your API tokens', noTokens: 'You don’t have any API tokens.',
  classicTitle: 'Create an API token', label: 'Label',
  labelHelp: 'Choose a label that is easy for you to remember.',
  newTokenLabel: 'Your new API token',
  tokenOnceNote: 'Make sure you copy your new API token. You won’t be able to see it again.',
  scopedTitle: 'Create an API token with scopes', selectApp: 'Select an app',
  appLabel: 'App', createTokenBtn: 'Create token',
  revokeTitle: 'Revoke API token?',
  revokeBody: 'Any scripts or applications using the token “{label}” will lose access. You can’t undo this.',
  // admin.atlassian.com
  adminProduct: 'Atlassian Administration', orgPickerHeading: 'Select an organization',
  orgNav: 'Organization', navOverview: 'Overview', navDirectory: 'Directory', navUsers: 'Users',
  navGroups: 'Groups', navServiceAccounts: 'Service accounts', navInsights: 'Insights',
  navTokenActivity: 'API token activity', navSettings: 'Settings', navApiKeys: 'API keys',
  overviewHeading: 'Overview', overviewBody: 'Your organization at a glance.',
  usersHeading: 'Users', groupsHeading: 'Groups', apiKeysHeading: 'API keys',
  apiKeysBody: 'API keys let scripts call the organization REST API.', createApiKey: 'Create API key',
  colEmail: 'Email', colStatus: 'Status', colMembers: 'Members', active: 'Active', deactivated: 'Deactivated',
  saHeading: 'Service accounts', saUsage: '{used} of {limit} service accounts used',
  saIntro: 'Service accounts are non-human accounts for automation. They can’t log in to Atlassian apps.',
  colName: 'Name', colDescription: 'Description',
  createSa: 'Create a service account', saDialogTitle: 'Create a service account',
  description: 'Description', appRoles: 'App roles', saNameHelp: 'The email address is generated from the name and can’t be changed.',
  saLimit: 'You’ve reached the limit of 5 service accounts',
  roleJiraUser: 'Jira: User', roleJiraAdmin: 'Jira: Administrator', roleConfUser: 'Confluence: User',
  roleConfAdmin: 'Confluence: Administrator', roleJsmAgent: 'Jira Service Management: Agent', roleBbUser: 'Bitbucket: User',
  saNotFound: 'Service account not found', emailLabel: 'Email',
  createCredentials: 'Create credentials', credTitle: 'Create credentials', credType: 'Credential type',
  credApiToken: 'API token', credOauth: 'OAuth 2.0', credentialsHeading: 'Credentials',
  noCredentials: 'No credentials yet.', colType: 'Type',
  filterApp: 'Filter by app', allApps: 'All apps',
  clientId: 'Client ID', clientSecret: 'Client secret', copyClientId: 'Copy client ID',
  secretOnceNote: 'Copy these credentials now. The secret is shown only once.',
  newApiTokenSa: 'API token',
  activityHeading: 'API token activity',
  activityIntro: 'API tokens created by managed accounts in your organization.',
  colTokenLabel: 'Token label', colOwner: 'Owner', colOwnerStatus: 'Owner status', colScopes: 'Scopes',
  unscoped: 'All permissions (classic)', revokeActivityTitle: 'Revoke API token?',
};

const de = {
  cancel: 'Abbrechen', next: 'Weiter', back: 'Zurück', done: 'Fertig', create: 'Erstellen',
  copy: 'In die Zwischenablage kopieren', copied: 'Kopiert!', never: 'Nie', revoke: 'Widerrufen',
  name: 'Name', expiresOn: 'Läuft ab am', scopes: 'Bereiche', review: 'Überprüfen',
  searchScopes: 'Bereiche durchsuchen', noScopesMatch: 'Keine Bereiche gefunden.',
  selectedCount: '{n} ausgewählt', stepOf: 'Schritt {n} von {total}', close: 'Schließen',
  expiryRange: 'Wähle ein Datum zwischen morgen und in einem Jahr.',
  notFound: 'Seite nicht gefunden', notFoundBody: 'Die gesuchte Seite wurde nicht gefunden.', loading: 'Wird geladen …',
  idProduct: 'Atlassian-Konto', accountNav: 'Kontoeinstellungen',
  navProfile: 'Profil und Sichtbarkeit', navSecurity: 'Sicherheit', navApiTokens: 'API-Token',
  profileHeading: 'Profil und Sichtbarkeit', profileIntro: 'Verwalte deine persönlichen Daten und lege fest, was andere sehen.',
  fullName: 'Vollständiger Name', emailAddress: 'E-Mail-Adresse',
  securityHeading: 'Sicherheit', securityApiTokens: 'API-Token',
  securityApiTokensBody: 'Ein Skript kann sich mit einem API-Token bei Jira Cloud oder Confluence Cloud authentifizieren.',
  securityManageLink: 'API-Token erstellen und verwalten',
  apiTokensHeading: 'API-Token',
  apiTokensIntro: 'Ein Skript oder ein anderer Prozess kann ein API-Token zur Basisauthentifizierung bei Jira Cloud, Confluence Cloud oder Bitbucket Cloud verwenden. Behandle API-Token so sicher wie Passwörter.',
  createToken: 'API-Token erstellen', createScopedToken: 'API-Token mit Bereichen erstellen',
  colLabel: 'Bezeichnung', colCreated: 'Erstellt', colExpires: 'Läuft ab', colLastUsed: 'Zuletzt verwendet', colActions: 'Aktionen',
  tokensTableCaption: 'Deine API-Token', noTokens: 'Du hast keine API-Token.',
  classicTitle: 'API-Token erstellen', label: 'Bezeichnung',
  labelHelp: 'Wähle eine Bezeichnung, die du dir leicht merken kannst.',
  newTokenLabel: 'Dein neues API-Token',
  tokenOnceNote: 'Kopiere dein neues API-Token jetzt. Du kannst es später nicht mehr sehen.',
  scopedTitle: 'API-Token mit Bereichen erstellen', selectApp: 'App auswählen',
  appLabel: 'App', createTokenBtn: 'Token erstellen',
  revokeTitle: 'API-Token widerrufen?',
  revokeBody: 'Skripte und Anwendungen, die das Token „{label}“ verwenden, verlieren den Zugriff. Das kann nicht rückgängig gemacht werden.',
  adminProduct: 'Atlassian Administration', orgPickerHeading: 'Organisation auswählen',
  orgNav: 'Organisation', navOverview: 'Übersicht', navDirectory: 'Verzeichnis', navUsers: 'Benutzer',
  navGroups: 'Gruppen', navServiceAccounts: 'Dienstkonten', navInsights: 'Einblicke',
  navTokenActivity: 'API-Token-Aktivität', navSettings: 'Einstellungen', navApiKeys: 'API-Schlüssel',
  overviewHeading: 'Übersicht', overviewBody: 'Deine Organisation auf einen Blick.',
  usersHeading: 'Benutzer', groupsHeading: 'Gruppen', apiKeysHeading: 'API-Schlüssel',
  apiKeysBody: 'Mit API-Schlüsseln können Skripte die Organisations-REST-API aufrufen.', createApiKey: 'API-Schlüssel erstellen',
  colEmail: 'E-Mail', colStatus: 'Status', colMembers: 'Mitglieder', active: 'Aktiv', deactivated: 'Deaktiviert',
  saHeading: 'Dienstkonten', saUsage: '{used} von {limit} Dienstkonten verwendet',
  saIntro: 'Dienstkonten sind nicht-menschliche Konten für Automatisierung.',
  colName: 'Name', colDescription: 'Beschreibung',
  createSa: 'Dienstkonto erstellen', saDialogTitle: 'Dienstkonto erstellen',
  description: 'Beschreibung', appRoles: 'App-Rollen', saNameHelp: 'Die E-Mail-Adresse wird aus dem Namen erzeugt und kann nicht geändert werden.',
  saLimit: 'Du hast das Limit von 5 Dienstkonten erreicht',
  roleJiraUser: 'Jira: Benutzer', roleJiraAdmin: 'Jira: Administrator', roleConfUser: 'Confluence: Benutzer',
  roleConfAdmin: 'Confluence: Administrator', roleJsmAgent: 'Jira Service Management: Agent', roleBbUser: 'Bitbucket: Benutzer',
  saNotFound: 'Dienstkonto nicht gefunden', emailLabel: 'E-Mail',
  createCredentials: 'Anmeldedaten erstellen', credTitle: 'Anmeldedaten erstellen', credType: 'Art der Anmeldedaten',
  credApiToken: 'API-Token', credOauth: 'OAuth 2.0', credentialsHeading: 'Anmeldedaten',
  noCredentials: 'Noch keine Anmeldedaten.', colType: 'Typ',
  filterApp: 'Nach App filtern', allApps: 'Alle Apps',
  clientId: 'Client-ID', clientSecret: 'Client-Geheimnis', copyClientId: 'Client-ID kopieren',
  secretOnceNote: 'Kopiere diese Anmeldedaten jetzt. Das Geheimnis wird nur einmal angezeigt.',
  newApiTokenSa: 'API-Token',
  activityHeading: 'API-Token-Aktivität', activityIntro: 'API-Token verwalteter Konten in deiner Organisation.',
  colTokenLabel: 'Token-Bezeichnung', colOwner: 'Inhaber', colOwnerStatus: 'Status des Inhabers', colScopes: 'Bereiche',
  unscoped: 'Alle Berechtigungen (klassisch)', revokeActivityTitle: 'API-Token widerrufen?',
};

const fr = {
  cancel: 'Annuler', next: 'Suivant', back: 'Retour', done: 'Terminé', create: 'Créer',
  copy: 'Copier dans le presse-papiers', copied: 'Copié !', never: 'Jamais', revoke: 'Révoquer',
  name: 'Nom', expiresOn: 'Expire le', scopes: 'Portées', review: 'Vérifier',
  searchScopes: 'Rechercher des portées', noScopesMatch: 'Aucune portée ne correspond.',
  selectedCount: '{n} sélectionnée(s)', stepOf: 'Étape {n} sur {total}', close: 'Fermer',
  expiryRange: 'Choisissez une date entre demain et dans un an.',
  notFound: 'Page introuvable', notFoundBody: 'La page demandée est introuvable.', loading: 'Chargement…',
  idProduct: 'Compte Atlassian', accountNav: 'Paramètres du compte',
  navProfile: 'Profil et visibilité', navSecurity: 'Sécurité', navApiTokens: 'Jetons d\'API',
  profileHeading: 'Profil et visibilité', profileIntro: 'Gérez vos informations personnelles et ce que les autres voient.',
  fullName: 'Nom complet', emailAddress: 'Adresse e-mail',
  securityHeading: 'Sécurité', securityApiTokens: 'Jetons d\'API',
  securityApiTokensBody: 'Un script peut utiliser un jeton d\'API pour s\'authentifier auprès de Jira Cloud ou Confluence Cloud.',
  securityManageLink: 'Créer et gérer des jetons d\'API',
  apiTokensHeading: 'Jetons d\'API',
  apiTokensIntro: 'Un script ou un autre processus peut utiliser un jeton d\'API pour s\'authentifier auprès de Jira Cloud, Confluence Cloud ou Bitbucket Cloud. Protégez vos jetons d\'API comme des mots de passe.',
  createToken: 'Créer un jeton d\'API', createScopedToken: 'Créer un jeton d\'API avec des portées',
  colLabel: 'Libellé', colCreated: 'Créé le', colExpires: 'Expire le', colLastUsed: 'Dernière utilisation', colActions: 'Actions',
  tokensTableCaption: 'Vos jetons d\'API', noTokens: 'Vous n\'avez aucun jeton d\'API.',
  classicTitle: 'Créer un jeton d\'API', label: 'Libellé',
  labelHelp: 'Choisissez un libellé facile à retenir.',
  newTokenLabel: 'Votre nouveau jeton d\'API',
  tokenOnceNote: 'Copiez votre nouveau jeton d\'API maintenant. Vous ne pourrez plus le voir.',
  scopedTitle: 'Créer un jeton d\'API avec des portées', selectApp: 'Sélectionnez une application',
  appLabel: 'Application', createTokenBtn: 'Créer le jeton',
  revokeTitle: 'Révoquer le jeton d\'API ?',
  revokeBody: 'Les scripts et applications qui utilisent le jeton « {label} » perdront l\'accès. Action irréversible.',
};

const es = {
  cancel: 'Cancelar', next: 'Siguiente', back: 'Atrás', done: 'Listo', create: 'Crear',
  copy: 'Copiar en el portapapeles', copied: '¡Copiado!', never: 'Nunca', revoke: 'Revocar',
  name: 'Nombre', expiresOn: 'Caduca el', scopes: 'Ámbitos', review: 'Revisar',
  searchScopes: 'Buscar ámbitos', noScopesMatch: 'Ningún ámbito coincide.',
  selectedCount: '{n} seleccionados', stepOf: 'Paso {n} de {total}', close: 'Cerrar',
  expiryRange: 'Elige una fecha entre mañana y dentro de un año.',
  notFound: 'Página no encontrada', notFoundBody: 'No encontramos la página que buscas.', loading: 'Cargando…',
  idProduct: 'Cuenta de Atlassian', accountNav: 'Configuración de la cuenta',
  navProfile: 'Perfil y visibilidad', navSecurity: 'Seguridad', navApiTokens: 'Tokens de API',
  profileHeading: 'Perfil y visibilidad', profileIntro: 'Gestiona tu información personal y lo que ven los demás.',
  fullName: 'Nombre completo', emailAddress: 'Correo electrónico',
  securityHeading: 'Seguridad', securityApiTokens: 'Tokens de API',
  securityApiTokensBody: 'Un script puede usar un token de API para autenticarse en Jira Cloud o Confluence Cloud.',
  securityManageLink: 'Crear y gestionar tokens de API',
  apiTokensHeading: 'Tokens de API',
  apiTokensIntro: 'Un script u otro proceso puede usar un token de API para autenticarse en Jira Cloud, Confluence Cloud o Bitbucket Cloud. Trata los tokens de API con la misma seguridad que una contraseña.',
  createToken: 'Crear token de API', createScopedToken: 'Crear token de API con ámbitos',
  colLabel: 'Etiqueta', colCreated: 'Creado', colExpires: 'Caduca', colLastUsed: 'Último uso', colActions: 'Acciones',
  tokensTableCaption: 'Tus tokens de API', noTokens: 'No tienes tokens de API.',
  classicTitle: 'Crear un token de API', label: 'Etiqueta',
  labelHelp: 'Elige una etiqueta fácil de recordar.',
  newTokenLabel: 'Tu nuevo token de API',
  tokenOnceNote: 'Copia tu nuevo token de API ahora. No podrás volver a verlo.',
  scopedTitle: 'Crear un token de API con ámbitos', selectApp: 'Selecciona una aplicación',
  appLabel: 'Aplicación', createTokenBtn: 'Crear token',
  revokeTitle: '¿Revocar el token de API?',
  revokeBody: 'Los scripts y aplicaciones que usan el token «{label}» perderán el acceso. No se puede deshacer.',
};

const ja = {
  cancel: 'キャンセル', next: '次へ', back: '戻る', done: '完了', create: '作成',
  copy: 'クリップボードにコピー', copied: 'コピーしました', never: 'なし', revoke: '取り消す',
  name: '名前', expiresOn: '有効期限', scopes: 'スコープ', review: '確認',
  searchScopes: 'スコープを検索', noScopesMatch: '一致するスコープはありません。',
  selectedCount: '{n} 件選択済み', stepOf: 'ステップ {n} / {total}', close: '閉じる',
  expiryRange: '明日から 1 年後までの日付を選択してください。',
  notFound: 'ページが見つかりません', notFoundBody: 'お探しのページは見つかりませんでした。', loading: '読み込み中…',
  idProduct: 'Atlassian アカウント', accountNav: 'アカウント設定',
  navProfile: 'プロフィールと公開範囲', navSecurity: 'セキュリティ', navApiTokens: 'API トークン',
  profileHeading: 'プロフィールと公開範囲', profileIntro: '個人情報と、他のユーザーに表示される情報を管理します。',
  fullName: '氏名', emailAddress: 'メール アドレス',
  securityHeading: 'セキュリティ', securityApiTokens: 'API トークン',
  securityApiTokensBody: 'スクリプトは API トークンを使用して Jira Cloud や Confluence Cloud で認証できます。',
  securityManageLink: 'API トークンの作成と管理',
  apiTokensHeading: 'API トークン',
  apiTokensIntro: 'スクリプトやその他のプロセスは、API トークンを使用して Jira Cloud、Confluence Cloud、Bitbucket Cloud で基本認証を行えます。API トークンはパスワードと同様に安全に扱ってください。',
  createToken: 'API トークンを作成', createScopedToken: 'スコープ付き API トークンを作成',
  colLabel: 'ラベル', colCreated: '作成日', colExpires: '有効期限', colLastUsed: '最終使用日', colActions: '操作',
  tokensTableCaption: 'API トークン一覧', noTokens: 'API トークンはありません。',
  classicTitle: 'API トークンを作成する', label: 'ラベル',
  labelHelp: '覚えやすいラベルを選択してください。',
  newTokenLabel: '新しい API トークン',
  tokenOnceNote: '新しい API トークンを今すぐコピーしてください。再表示することはできません。',
  scopedTitle: 'スコープ付き API トークンを作成', selectApp: 'アプリを選択',
  appLabel: 'アプリ', createTokenBtn: 'トークンを作成',
  revokeTitle: 'API トークンを取り消しますか?',
  revokeBody: 'トークン「{label}」を使用しているスクリプトやアプリはアクセスできなくなります。この操作は元に戻せません。',
  adminProduct: 'Atlassian Administration', orgPickerHeading: '組織を選択',
  orgNav: '組織', navOverview: '概要', navDirectory: 'ディレクトリ', navUsers: 'ユーザー',
  navGroups: 'グループ', navServiceAccounts: 'サービス アカウント', navInsights: 'インサイト',
  navTokenActivity: 'API トークンのアクティビティ', navSettings: '設定', navApiKeys: 'API キー',
  overviewHeading: '概要', overviewBody: '組織の概要です。',
  usersHeading: 'ユーザー', groupsHeading: 'グループ', apiKeysHeading: 'API キー',
  apiKeysBody: 'API キーを使用すると、スクリプトから組織の REST API を呼び出せます。', createApiKey: 'API キーを作成',
  colEmail: 'メール', colStatus: 'ステータス', colMembers: 'メンバー', active: '有効', deactivated: '無効',
  saHeading: 'サービス アカウント', saUsage: 'サービス アカウント {used} / {limit} 件を使用中',
  saIntro: 'サービス アカウントは自動化用の人間以外のアカウントです。',
  colName: '名前', colDescription: '説明',
  createSa: 'サービス アカウントを作成', saDialogTitle: 'サービス アカウントを作成',
  description: '説明', appRoles: 'アプリのロール', saNameHelp: 'メール アドレスは名前から生成され、変更できません。',
  saLimit: 'サービス アカウントの上限 (5 件) に達しました',
  roleJiraUser: 'Jira: ユーザー', roleJiraAdmin: 'Jira: 管理者', roleConfUser: 'Confluence: ユーザー',
  roleConfAdmin: 'Confluence: 管理者', roleJsmAgent: 'Jira Service Management: エージェント', roleBbUser: 'Bitbucket: ユーザー',
  saNotFound: 'サービス アカウントが見つかりません', emailLabel: 'メール',
  createCredentials: '認証情報を作成', credTitle: '認証情報を作成', credType: '認証情報の種類',
  credApiToken: 'API トークン', credOauth: 'OAuth 2.0', credentialsHeading: '認証情報',
  noCredentials: '認証情報はまだありません。', colType: '種類',
  filterApp: 'アプリで絞り込む', allApps: 'すべてのアプリ',
  clientId: 'クライアント ID', clientSecret: 'クライアント シークレット', copyClientId: 'クライアント ID をコピー',
  secretOnceNote: '今すぐ認証情報をコピーしてください。シークレットは一度しか表示されません。',
  newApiTokenSa: 'API トークン',
  activityHeading: 'API トークンのアクティビティ', activityIntro: '組織の管理対象アカウントが作成した API トークン。',
  colTokenLabel: 'トークン ラベル', colOwner: '所有者', colOwnerStatus: '所有者のステータス', colScopes: 'スコープ',
  unscoped: 'すべての権限 (クラシック)', revokeActivityTitle: 'API トークンを取り消しますか?',
};

/** Raw per-language tables (missing keys fall back to `en`). */
export const STRING_TABLES = { en, de, fr, es, ja };

/** Button-text overrides for the `unknown-text` variant (English otherwise). */
export const UNKNOWN_TEXT_OVERRIDES = { createToken: 'Generate token', createScopedToken: 'Generate scoped token' };

/** Complete, resolved string table for a variant: `stringsFor('de').createToken === 'API-Token erstellen'`. */
export function stringsFor(variant = 'en') {
  const lang = variantLang(variant);
  const out = { ...en, ...STRING_TABLES[lang] };
  if (variant === 'unknown-text') Object.assign(out, UNKNOWN_TEXT_OVERRIDES);
  return out;
}

/** Replace `{name}` placeholders. */
export function format(str, vars = {}) {
  return String(str).replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

// ---------------------------------------------------------------------------------------------
// Scopes
// ---------------------------------------------------------------------------------------------
/** Apps offered in the personal scoped-token wizard (value -> display name, same in all languages). */
export const TOKEN_APPS = [
  { id: 'jira', name: 'Jira' },
  { id: 'confluence', name: 'Confluence' },
  { id: 'bitbucket', name: 'Bitbucket' },
  { id: 'mcp', name: 'Rovo MCP' },
];

export const PERSONAL_SCOPES = {
  jira: [
    'read:jira-work', 'write:jira-work', 'read:jira-user', 'manage:jira-project', 'manage:jira-configuration',
    'manage:jira-webhook', 'read:issue:jira', 'write:issue:jira', 'delete:issue:jira', 'read:project:jira',
    'read:comment:jira', 'write:comment:jira', 'read:sprint:jira-software', 'read:board-scope:jira-software',
    'write:sprint:jira-software',
  ],
  confluence: [
    'read:page:confluence', 'write:page:confluence', 'delete:page:confluence', 'read:space:confluence',
    'write:space:confluence', 'read:blogpost:confluence', 'write:blogpost:confluence', 'read:comment:confluence',
    'write:comment:confluence', 'read:attachment:confluence', 'write:attachment:confluence', 'read:label:confluence',
    'read:user:confluence', 'search:confluence', 'read:confluence-content.all',
  ],
  bitbucket: [
    'read:repository:bitbucket', 'write:repository:bitbucket', 'admin:repository:bitbucket', 'delete:repository:bitbucket',
    'read:pullrequest:bitbucket', 'write:pullrequest:bitbucket', 'read:pipeline:bitbucket', 'write:pipeline:bitbucket',
    'admin:pipeline:bitbucket', 'read:project:bitbucket', 'admin:project:bitbucket', 'read:workspace:bitbucket',
    'read:user:bitbucket', 'read:issue:bitbucket', 'write:issue:bitbucket',
  ],
  mcp: [
    'read:jira-work', 'write:jira-work', 'read:jira-user', 'read:page:confluence', 'write:page:confluence',
    'read:space:confluence', 'read:comment:confluence', 'write:comment:confluence', 'search:confluence',
    'read:me', 'read:account', 'offline_access',
  ],
};

/** Scopes offered for service-account credentials: [scope, app] pairs; read:me is pre-ticked. */
export const SA_SCOPES = [
  ['read:me', 'atlassian'], ['read:account', 'atlassian'],
  ['read:jira-work', 'jira'], ['write:jira-work', 'jira'], ['read:jira-user', 'jira'],
  ['manage:jira-project', 'jira'], ['manage:jira-configuration', 'jira'], ['manage:jira-webhook', 'jira'],
  ['read:issue:jira', 'jira'], ['write:issue:jira', 'jira'], ['delete:issue:jira', 'jira'],
  ['read:project:jira', 'jira'], ['write:project:jira', 'jira'], ['read:comment:jira', 'jira'],
  ['write:comment:jira', 'jira'], ['read:user:jira', 'jira'], ['read:sprint:jira-software', 'jira'],
  ['write:sprint:jira-software', 'jira'], ['read:board-scope:jira-software', 'jira'],
  ['read:page:confluence', 'confluence'], ['write:page:confluence', 'confluence'], ['delete:page:confluence', 'confluence'],
  ['read:space:confluence', 'confluence'], ['write:space:confluence', 'confluence'], ['read:blogpost:confluence', 'confluence'],
  ['read:comment:confluence', 'confluence'], ['write:comment:confluence', 'confluence'], ['read:attachment:confluence', 'confluence'],
  ['read:label:confluence', 'confluence'], ['search:confluence', 'confluence'], ['read:confluence-content.all', 'confluence'],
  // Every other scope the use-case templates need (Atlassian's real picker lists them all).
  ['read:application-role:jira', 'jira'], ['read:audit-log:jira', 'jira'], ['read:avatar:jira', 'jira'],
  ['read:field-configuration:jira', 'jira'], ['read:field:jira', 'jira'], ['read:group:jira', 'jira'],
  ['read:issue-details:jira', 'jira'], ['read:issue-meta:jira', 'jira'], ['read:issue-security-level:jira', 'jira'],
  ['read:issue-type-hierarchy:jira', 'jira'], ['read:issue-type:jira', 'jira'], ['read:issue-worklog.property:jira', 'jira'],
  ['read:issue-worklog:jira', 'jira'], ['read:issue.changelog:jira', 'jira'], ['read:issue.vote:jira', 'jira'],
  ['read:project-category:jira', 'jira'], ['read:project-role:jira', 'jira'], ['read:project-version:jira', 'jira'],
  ['read:project.component:jira', 'jira'], ['read:project.property:jira', 'jira'], ['read:status:jira', 'jira'],
  ['read:comment.property:jira', 'jira'], ['read:issue.transition:jira', 'jira'], ['write:attachment:jira', 'jira'],
  ['write:comment.property:jira', 'jira'], ['write:issue.property:jira', 'jira'], ['read:user.property:jira', 'jira'],
  ['read:jql:jira', 'jira'], ['read:request.comment:jira-service-management', 'jira'], ['read:request:jira-service-management', 'jira'],
  ['read:requesttype:jira-service-management', 'jira'], ['read:servicedesk:jira-service-management', 'jira'], ['write:request.comment:jira-service-management', 'jira'],
  ['write:request:jira-service-management', 'jira'], ['read:queue:jira-service-management', 'jira'], ['read:request.sla:jira-service-management', 'jira'],
  ['write:confluence-file', 'confluence'],
];
export const SA_SCOPE_APPS = [
  { id: 'atlassian', name: 'Atlassian' }, { id: 'jira', name: 'Jira' }, { id: 'confluence', name: 'Confluence' },
];
export const SA_PRETICKED_SCOPES = ['read:me'];

/** Service-account app roles: [event id, string key]. */
export const SA_ROLES = [
  ['jira:user', 'roleJiraUser'], ['jira:admin', 'roleJiraAdmin'], ['confluence:user', 'roleConfUser'],
  ['confluence:admin', 'roleConfAdmin'], ['jsm:agent', 'roleJsmAgent'], ['bitbucket:user', 'roleBbUser'],
];

// ---------------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------------
export const ID_PATHS = {
  apiTokens: '/manage-profile/security/api-tokens',
  apiTokensLegacy: '/manage/api-tokens',
  profile: '/manage-profile/profile-and-visibility',
  security: '/manage-profile/security',
};

/** Admin paths for a variant (drifted moves service accounts under /members/). */
export function adminPaths(variant = 'en', orgId = ORG_ID) {
  const o = `/o/${orgId}`;
  const sa = variant === 'drifted' ? `${o}/members/service-accounts` : `${o}/directory/service-accounts`;
  return {
    picker: '/', overview: `${o}/overview`, users: `${o}/users`, groups: `${o}/groups`,
    serviceAccounts: sa, serviceAccount: (id) => `${sa}/${id}`,
    tokenActivity: `${o}/insights/api-token-activity`, apiKeys: `${o}/settings/api-keys`,
  };
}
