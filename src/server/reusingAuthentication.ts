import { ConfigurationBotFrameworkAuthentication } from 'botbuilder-core';

type Base = ConfigurationBotFrameworkAuthentication;
type Identity = Parameters<Base['createConnectorFactory']>[0];
type ConnectorFactory = ReturnType<Base['createConnectorFactory']>;
type Connector = Awaited<ReturnType<ConnectorFactory['create']>>;
type UserTokenClient = Awaited<ReturnType<Base['createUserTokenClient']>>;
type AuthenticateRequestResult = Awaited<ReturnType<Base['authenticateRequest']>>;

/** More would mean the service URLs come from somewhere they should not; start over rather than grow. */
const MAX_CLIENTS = 100;

/**
 * botbuilder's CloudAdapter makes a new ConnectorClient and UserTokenClient, each an HTTP pipeline with credentials, for
 * every activity on /api/messages: a tenth of a turn's CPU. They depend only on the bot's app id, the service URL and
 * the audience, so they are made once and reused, as botbuilder's older BotFrameworkAdapter did.
 */
export class ReusingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new Map<string, Promise<Connector>>();
  private readonly userTokenClients = new Map<string, Promise<UserTokenClient>>();

  override async authenticateRequest(...args: Parameters<Base['authenticateRequest']>): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(...args);
    return { ...result, connectorFactory: result.connectorFactory && this.reusing(result.connectorFactory) };
  }

  override createConnectorFactory(identity: Identity): ConnectorFactory {
    return this.reusing(super.createConnectorFactory(identity));
  }

  override createUserTokenClient(identity: Identity): Promise<UserTokenClient> {
    const appId = appIdOf(super.createConnectorFactory(identity));
    const make = () => super.createUserTokenClient(identity);
    return appId === undefined ? make() : remember(this.userTokenClients, appId, make);
  }

  private reusing(factory: ConnectorFactory): ConnectorFactory {
    const appId = appIdOf(factory);
    if (appId === undefined) return factory;
    return { create: (serviceUrl, audience) => remember(this.connectors, `${appId}\n${serviceUrl}\n${audience ?? ''}`, () => factory.create(serviceUrl, audience)) };
  }
}

/**
 * The app id botbuilder chose from the caller's claims ('' without one, as when running anonymously); undefined, so
 * nothing is reused, should botbuilder stop keeping it on the factory.
 */
function appIdOf(factory: ConnectorFactory): string | undefined {
  if (!('appId' in factory)) return undefined;
  const { appId } = factory as { appId?: unknown };
  return appId === undefined || appId === null ? '' : typeof appId === 'string' ? appId : undefined;
}

function remember<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const known = cache.get(key);
  if (known) return known;
  if (cache.size >= MAX_CLIENTS) cache.clear();
  const made = make();
  cache.set(key, made);
  made.catch(() => cache.delete(key));
  return made;
}
