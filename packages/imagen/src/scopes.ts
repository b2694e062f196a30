/**
 * The six Imagen scopes, each with the meaning the bearer-token document
 * (docs/providers.md#imagen-scopes) gives it. Scopes are granted to an application
 * by an Imagen administrator in MediaControlCentre; an application asks only for scopes it has.
 */
export const ImagenScopes = {
  /** View records, media and collections: read any data available to the user who created the application. */
  readUsersData: "readUsersData",
  /** View and modify records, media and collections: modify any data available to that user. */
  modifyUsersData: "modifyUsersData",
  /** View and manage jobs and workflows: read any jobs visible to that user. */
  manageJobs: "manageJobs",
  /** Search for a user or group: view any users and groups visible to that user. */
  roles: "roles",
  /** Create and manage workflow jobs owned by that user. */
  createJobs: "createJobs",
  /** Modify users and email users, where that user has the permissions to. */
  modifyRoles: "modifyRoles",
} as const;

/** One of the documented scope names (other strings are passed through for newer servers). */
export type ImagenScope = (typeof ImagenScopes)[keyof typeof ImagenScopes];

/** Human-readable meaning of each scope, from the document's user stories (for prompts and help text). */
export const ImagenScopeDescriptions: Readonly<Record<ImagenScope, string>> = {
  readUsersData: "view records, media and collections",
  modifyUsersData: "view and modify records, media and collections",
  manageJobs: "view and manage jobs and workflows",
  roles: "search for users and groups",
  createJobs: "create and manage workflow jobs",
  modifyRoles: "modify users and email users",
};

/** What every new application is granted (docs/providers.md#imagen-scopes). */
export const DEFAULT_IMAGEN_SCOPES: readonly ImagenScope[] = [ImagenScopes.readUsersData, ImagenScopes.modifyUsersData];
