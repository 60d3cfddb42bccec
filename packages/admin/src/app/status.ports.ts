/** What `status` learns about one service (the gateway or a backend). */
export interface ServiceReport {
  service: string;
  /** The backend's gRPC address, or the gateway's /readyz URL. */
  address: string;
  /**
   * Readiness of the replica that answered (grpc.health.v1; the gateway's /readyz); UNREACHABLE
   * when none answered.
   */
  health: 'SERVING' | 'NOT_SERVING' | 'UNKNOWN' | 'UNREACHABLE';
  version?: string;
  replicaId?: string;
  /** Processes of this service connected to NATS; known when NATS_MONITOR_URL is given. */
  replicas?: number;
  startedAt?: string;
  outbox?: { pending: number; published: number; oldestPendingAt?: string };
  /** Why a question went unanswered, in words an operator can act on. */
  error?: string;
}

export interface ConsumerReport {
  name: string;
  stream: string;
  /** Messages in the stream the consumer has not been given yet. */
  pending: number;
  /** Messages given to it and not acknowledged yet. */
  ackPending: number;
  redelivered: number;
  /** Pull requests waiting: a sign of live replicas reading. */
  waiting: number;
}

export interface StreamReport {
  name: string;
  messages: number;
  bytes: number;
  firstSeq: number;
  lastSeq: number;
  consumers: ConsumerReport[];
}

export interface BusReport {
  reachable: boolean;
  streams: StreamReport[];
  /** Messages in the dead-letter stream. */
  deadLetters: number;
  error?: string;
}

export interface StatusReport {
  at: string;
  services: ServiceReport[];
  bus: BusReport;
  /** Why the network is not healthy; empty when it is. */
  problems: string[];
  healthy: boolean;
}

export interface ServiceProbe {
  probe(service: string): Promise<ServiceReport>;
}

export interface BusInspector {
  inspect(): Promise<BusReport>;
}

export interface ReplicaCounter {
  /** Replicas per service, or why they could not be counted. */
  count(
    services: readonly string[],
  ): Promise<{ replicas: Map<string, number> } | { error: string }>;
}
