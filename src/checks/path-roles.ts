import {parentPath} from '../resolve/normalize-path.js'

export type PathRole = 'config-dir' | 'parent' | 'sibling-lock' | 'in-dir-lock' | 'credentials' | 'given'

export interface RolePath {
  role: PathRole
  path: string
}

/** The paths the original incident turns on: D, its parent, the sibling and in-dir locks. */
export function defaultRolePaths(configDir: string, configDirRealpath: string = configDir): RolePath[] {
  return [
    {role: 'config-dir', path: configDir},
    {role: 'parent', path: parentPath(configDirRealpath)},
    {role: 'sibling-lock', path: `${configDirRealpath}.lock`},
    {role: 'in-dir-lock', path: `${configDir}/.oauth_refresh.lock`},
  ]
}
