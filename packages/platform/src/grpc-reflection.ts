import type { Server } from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { protoDir, protoFiles } from '@pcn/contracts';

let definitions: PackageDefinition | undefined;

/** The descriptors of every contract, parsed once per process from `proto/`. */
function contractDefinitions(): PackageDefinition {
  definitions ??= loadSync(protoFiles(), { includeDirs: [protoDir] });
  return definitions;
}

/**
 * Adds gRPC server reflection (v1 and v1alpha) listing exactly `services` (fully qualified
 * names), so that `grpcurl` can call any of them without the proto files. The descriptors come
 * from `proto/`, since ts-proto's generated code carries none.
 */
export function addReflection(
  server: Pick<Server, 'addService'>,
  services: readonly string[],
): void {
  new ReflectionService(contractDefinitions(), { services: [...services] }).addToServer(server);
}
