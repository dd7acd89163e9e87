import { NgrokApiError } from './errors.js';
import { collect } from './paging.js';
import { type ListOptions, type Resource, resource } from './resources.js';
import type { ApiTransport } from './transport.js';
import { type ServiceUser, type ServiceUserCreate, serviceUserSchema } from './types.js';

/**
 * Service users at `/service_users`, falling back to the legacy `/bot_users` when that path is missing
 * (https://ngrok.com/docs/api-reference/service-users).
 */
export class ServiceUsers {
  private current: Resource<ServiceUser, ServiceUserCreate> | undefined;
  private readonly modern: Resource<ServiceUser, ServiceUserCreate>;
  private readonly legacy: Resource<ServiceUser, ServiceUserCreate>;

  constructor(transport: ApiTransport) {
    this.modern = resource(transport, '/service_users', 'service_users', serviceUserSchema);
    this.legacy = resource(transport, '/bot_users', 'bot_users', serviceUserSchema);
  }

  /** Creates a service user; a 404 on the modern path cannot have created anything, so the fallback is safe. */
  create(body: ServiceUserCreate): Promise<ServiceUser> {
    return this.withPath((users) => users.create(body));
  }

  get(id: string): Promise<ServiceUser> {
    return this.withPath((users) => users.get(id));
  }

  async delete(id: string): Promise<void> {
    await this.withPath((users) => users.delete(id));
  }

  /**
   * Every service user (ngrok documents filters on their `id` and `created_at` only:
   * https://ngrok.com/docs/api/api-filtering/); `signal` stops the paging.
   */
  async *list(options?: ListOptions): AsyncIterable<ServiceUser> {
    if (this.current) {
      yield* this.current.list(options);
      return;
    }
    // The first page decides the path; later calls reuse it.
    const modern = this.modern.list(options)[Symbol.asyncIterator]();
    let first: IteratorResult<ServiceUser>;
    try {
      first = await modern.next();
      this.current = this.modern;
    } catch (error) {
      if (!isPathMissing(error)) throw error;
      this.current = this.legacy;
      yield* this.legacy.list(options);
      return;
    }
    if (first.done) return;
    yield first.value;
    yield* { [Symbol.asyncIterator]: () => modern };
  }

  /** The service user with exactly this name (names are how clinic-tui tags users: they have no metadata). */
  async findByName(name: string): Promise<ServiceUser | undefined> {
    return (await collect(this.list())).find((user) => user.name === name);
  }

  private async withPath<R>(
    call: (users: Resource<ServiceUser, ServiceUserCreate>) => Promise<R>,
  ): Promise<R> {
    if (this.current) return call(this.current);
    try {
      const result = await call(this.modern);
      this.current = this.modern;
      return result;
    } catch (error) {
      if (!isPathMissing(error)) throw error;
      const result = await call(this.legacy);
      this.current = this.legacy;
      return result;
    }
  }
}

/**
 * The modern path is missing on this server: 404, or 405 from a server that routes `/service_users/{id}` but not
 * the method. ngrok's OpenAPI copy (2025-08-15) has only `/bot_users`, so a server built from it answers one
 * of these.
 */
function isPathMissing(error: unknown): boolean {
  return error instanceof NgrokApiError && (error.status === 404 || error.status === 405);
}
