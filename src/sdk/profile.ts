import type { Directory, Profile } from '../protocol/index.js';
import type { RestClient } from './rest.js';

/** `agent.profile`: the agent, tenant, role, department and scopes as the server sees them. */
export class ProfileApi {
  constructor(private readonly rest: RestClient) {}

  get(): Promise<Profile> {
    return this.rest.call('profile');
  }
}

/** `agent.directory`: departments and agents of the tenant, for assign and transfer pickers. */
export class DirectoryApi {
  constructor(private readonly rest: RestClient) {}

  get(): Promise<Directory> {
    return this.rest.call('directory');
  }
}
