/// A trimmed copy of the PyTorchJob CRD's openAPIV3Schema (version v1), from
/// kubeflow/training-operator@c20bf65e03b85543c0b2ff25b14c7e335cce34f9
/// manifests/base/crds/kubeflow.org_pytorchjobs.yaml (controller-gen v0.16.5).
/// Kept: every field the manifests emit and a few neighbours, with `type`, `required`,
/// `properties`, `additionalProperties`, `items`, list-map keys and int-or-string as the CRD has
/// them; descriptions, `status` and fields git-llm never writes are left out, so the copy is
/// stricter than the real one, never looser.
enum PyTorchJobSchema {
  static let yaml = #"""
    type: object
    properties:
      apiVersion:
        type: string
      kind:
        type: string
      metadata:
        type: object
      spec:
        type: object
        required:
        - pytorchReplicaSpecs
        properties:
          nprocPerNode:
            type: string
          pytorchReplicaSpecs:
            type: object
            additionalProperties:
              type: object
              properties:
                replicas:
                  format: int32
                  type: integer
                restartPolicy:
                  type: string
                template:
                  type: object
                  properties:
                    metadata:
                      type: object
                      properties:
                        annotations:
                          additionalProperties:
                            type: string
                          type: object
                        labels:
                          additionalProperties:
                            type: string
                          type: object
                        name:
                          type: string
                        namespace:
                          type: string
                    spec:
                      type: object
                      required:
                      - containers
                      properties:
                        activeDeadlineSeconds:
                          format: int64
                          type: integer
                        automountServiceAccountToken:
                          type: boolean
                        containers:
                          type: array
                          x-kubernetes-list-map-keys:
                          - name
                          x-kubernetes-list-type: map
                          items:
                            type: object
                            required:
                            - name
                            properties:
                              args:
                                items:
                                  type: string
                                type: array
                                x-kubernetes-list-type: atomic
                              command:
                                items:
                                  type: string
                                type: array
                                x-kubernetes-list-type: atomic
                              env:
                                type: array
                                x-kubernetes-list-map-keys:
                                - name
                                x-kubernetes-list-type: map
                                items:
                                  type: object
                                  required:
                                  - name
                                  properties:
                                    name:
                                      type: string
                                    value:
                                      type: string
                                    valueFrom:
                                      type: object
                                      properties:
                                        secretKeyRef:
                                          type: object
                                          required:
                                          - key
                                          x-kubernetes-map-type: atomic
                                          properties:
                                            key:
                                              type: string
                                            name:
                                              default: ""
                                              type: string
                                            optional:
                                              type: boolean
                              image:
                                type: string
                              imagePullPolicy:
                                type: string
                              name:
                                type: string
                              resources:
                                type: object
                                properties:
                                  limits:
                                    additionalProperties:
                                      anyOf:
                                      - type: integer
                                      - type: string
                                      pattern: \#(Quantity.pattern)
                                      x-kubernetes-int-or-string: true
                                    type: object
                                  requests:
                                    additionalProperties:
                                      anyOf:
                                      - type: integer
                                      - type: string
                                      pattern: \#(Quantity.pattern)
                                      x-kubernetes-int-or-string: true
                                    type: object
                              volumeMounts:
                                type: array
                                x-kubernetes-list-map-keys:
                                - mountPath
                                x-kubernetes-list-type: map
                                items:
                                  type: object
                                  required:
                                  - mountPath
                                  - name
                                  properties:
                                    mountPath:
                                      type: string
                                    name:
                                      type: string
                                    readOnly:
                                      type: boolean
                                    subPath:
                                      type: string
                              workingDir:
                                type: string
                        volumes:
                          type: array
                          x-kubernetes-list-map-keys:
                          - name
                          x-kubernetes-list-type: map
                          items:
                            type: object
                            required:
                            - name
                            properties:
                              name:
                                type: string
                              persistentVolumeClaim:
                                type: object
                                required:
                                - claimName
                                properties:
                                  claimName:
                                    type: string
                                  readOnly:
                                    type: boolean
          runPolicy:
            type: object
            properties:
              activeDeadlineSeconds:
                format: int64
                type: integer
              backoffLimit:
                format: int32
                type: integer
              cleanPodPolicy:
                type: string
              suspend:
                default: false
                type: boolean
              ttlSecondsAfterFinished:
                format: int32
                type: integer
    """#
}
